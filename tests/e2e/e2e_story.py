"""The release workflow as one story, driven only through the public HTTP APIs and the prison's
movement feed, with the checks of its effects (from the APIs and from the public topics).

The cast of one story, all at one prison (each test uses its own prison so that matching runs
of one test never see the mentors or mentees of another):
- mentor A and mentor B: received from the feed, enrolled, trained (four modules), qualified;
- mentee X: received from the feed, referred and assessed, matched automatically to A (the
  only active mentor then); B is activated afterwards;
- X gets a family case with consent and a release plan; then A is released from the feed (X
  is re-matched to B, A gets one placement referral), then X is released (the match ends,
  three post-release family follow-ups, no placement referral).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from e2e_clients import (
    FamilyClient,
    IntakeClient,
    MentoringClient,
    OutcomesClient,
    PlacementsClient,
)
from e2e_platform import Feed, Platform, PublicEvent, eventually, movement, read_public_topics

from pathways.testing.ids import unique_prison_number

LONDON = ZoneInfo("Europe/London")


def a_minute_ago_today() -> datetime:
    """A minute ago, but never before London's midnight: a release that close to a case
    opened just now must fall on the case's opening day, or family rightly plans no
    release-day contact (a case opened after a release gets only the later checks)."""
    now = datetime.now(UTC)
    midnight = datetime.combine(now.astimezone(LONDON).date(), time(), LONDON)
    return max(now - timedelta(minutes=1), midnight.astimezone(UTC))


POST_RELEASE_TASKS = {"release_day_contact", "day_7_check", "day_28_check"}


def flatten(tree: dict, prefix: str = "") -> dict[str, float]:
    """{"a": {"b": 1}} -> {"a.b": 1}, numbers only."""
    flat: dict[str, float] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[f"{prefix}{key}"] = value
    return flat


def prison_number() -> str:
    """A fresh NOMS number (one letter, four digits, two letters)."""
    return unique_prison_number()


@dataclass
class Person:
    role: str
    noms: str = field(default_factory=prison_number)
    person_id: str = ""
    mentor_id: str = ""
    released_at: datetime | None = None

    def __str__(self) -> str:
        return f"{self.role} {self.noms} ({self.person_id or 'not received'})"


class Story:
    """One run of the story at `prison`; `feed.copies=2` delivers every feed message twice."""

    def __init__(self, platform: Platform, prison: str, *, feed_copies: int = 1) -> None:
        self.platform = platform
        self.prison = prison
        self.feed = Feed(platform.bootstrap, copies=feed_copies)
        token = platform.token()
        self.intake = IntakeClient(platform.url("intake"), token)
        self.mentoring = MentoringClient(platform.url("mentoring"), token)
        self.family = FamilyClient(platform.url("family"), token)
        self.placements = PlacementsClient(platform.url("placements"), token)
        self.outcomes = (
            OutcomesClient(platform.url("outcomes"), token) if platform.has("outcomes") else None
        )
        self.mentor_a = Person("mentor A")
        self.mentor_b = Person("mentor B")
        self.mentee = Person("mentee X")
        self.others: list[Person] = []  # people of the story who are never released
        self.started = datetime.now(UTC)
        self.case_id = ""

    @property
    def today(self) -> date:
        """The London date now, not when the story began: a test crossing midnight
        would give dates the services, on the new day, refuse as before enrolment."""
        return datetime.now(UTC).astimezone(LONDON).date()

    @property
    def people(self) -> list[Person]:
        return [self.mentor_a, self.mentor_b, self.mentee, *self.others]

    def person_ids(self) -> list[str]:
        return [p.person_id for p in self.people if p.person_id]

    def close(self) -> None:
        for client in (self.intake, self.mentoring, self.family, self.placements, self.outcomes):
            if client is not None:
                client.close()

    # ------------------------------------------------------------------ the steps

    def receive_from_feed(
        self, *people: Person, days_ago: float = 3.0, confirmed_too: bool = False
    ) -> None:
        """Reception at the prison (new admission) from the feed; intake creates the people.
        `confirmed_too`: the delayed `prison-offender-events` reception follows the immediate
        one, as in the ministry's feed (the second must change nothing)."""
        at = self.started - timedelta(days=days_ago)
        for person in people:
            self.feed.received(person.noms, self.prison, at)
            if confirmed_too:
                self.feed.publish(
                    movement(Feed.EVENTS_RECEIVED, person.noms, self.prison, "ADMISSION", at)
                )
        for person in people:
            person.person_id = eventually(
                lambda p=person: self.intake.person_id(p.noms), what=f"{person} received"
            )
            found = self.intake.person(person.person_id)
            assert found["status"] == "in_custody", found
            assert found["prison_code"] == self.prison, found

    def train_mentors(self) -> None:
        """A and B enrolled, trained (four modules) and qualified; only A is activated now."""
        for mentor, wing in ((self.mentor_a, "A"), (self.mentor_b, "B")):
            mentor.mentor_id = self.mentoring.train_and_qualify(
                mentor.person_id,
                self.prison,
                self.today,
                wing=wing,
                languages=["English"],
                lived_experience=["opiates"],
                availability=["morning"],
                capacity=3,
            )
        active = self.mentoring.activate(self.mentor_a.mentor_id)
        assert active["status"] == "active", active

    def refer_and_assess_mentee(self) -> dict:
        """Referral and assessment of X; the automatic match with A (the one active mentor)."""
        self.intake.refer(self.mentee.person_id, self.today, ["opiates", "crack"])
        self.intake.assess(self.mentee.person_id, self.today, self.today - timedelta(days=40))
        match = eventually(
            lambda: self._one_open_match(self.mentee), what=f"{self.mentee} matched automatically"
        )
        assert match["mentor_person_id"] == self.mentor_a.person_id, match
        return match

    def activate_mentor_b(self) -> None:
        active = self.mentoring.activate(self.mentor_b.mentor_id)
        assert active["status"] == "active", active

    def open_family_case(self) -> None:
        """A family case for X (family must have heard of X from intake first) with consent."""
        case = eventually(
            lambda: self.family.open_case(self.mentee.person_id), what="family case opened"
        )
        self.case_id = str(case["case_id"])
        self.family.grant_consent(self.case_id, "probation", "release plans and follow-ups")
        consents = self.family.case(self.case_id)["consents"]
        assert [c["recipient"] for c in consents if c["granted"]] == ["probation"], consents

    def schedule_release(self) -> None:
        """Intake's release plan; family schedules the pre-release meeting from it."""
        self.intake.plan_release(self.mentee.person_id, self.today + timedelta(days=10))
        eventually(
            lambda: self._assert_task_kinds(self.mentee, {"pre_release_meeting"}),
            what="pre-release meeting scheduled",
        )

    def release_from_feed(
        self, person: Person, minutes_ago: float | None = None, immediate_first: bool = False
    ) -> None:
        """The release (the delayed `prison-offender-events` one, reason RELEASED), a minute
        ago today unless `minutes_ago`; `immediate_first`: preceded by the immediate search
        event, which must not count."""
        person.released_at = (
            a_minute_ago_today()
            if minutes_ago is None
            else datetime.now(UTC) - timedelta(minutes=minutes_ago)
        )
        if immediate_first:
            self.feed.publish(
                movement(
                    Feed.SEARCH_RELEASED, person.noms, self.prison, "RELEASED", person.released_at
                )
            )
        self.feed.released(person.noms, self.prison, person.released_at)

    def movements_that_are_not_releases(self, person: Person) -> None:
        """Court, hospital and temporary absence (ROTL) moves and their returns, in both the
        immediate and the delayed form, between the reception and the release."""
        day = timedelta(days=1)
        moves = [
            ("SENT_TO_COURT", "RETURN_FROM_COURT", self.started - 2 * day),
            ("TEMPORARY_ABSENCE_RELEASE", "TEMPORARY_ABSENCE_RETURN", self.started - day),
            ("RELEASED_TO_HOSPITAL", None, self.started - day / 2),
        ]
        messages = []
        for out, back, at in moves:
            for released, received in (
                (Feed.SEARCH_RELEASED, Feed.SEARCH_RECEIVED),
                (Feed.EVENTS_RELEASED, Feed.EVENTS_RECEIVED),
            ):
                messages.append(movement(released, person.noms, self.prison, out, at))
                if back is not None:
                    returned = at + timedelta(hours=6)
                    messages.append(movement(received, person.noms, self.prison, back, returned))
        self.feed.publish(*messages)

    def assert_in_custody(self, *people: Person) -> None:
        for person in people:
            found = self.intake.person(person.person_id)
            assert (found["status"], found["released_at"]) == ("in_custody", None), (
                f"{person}: {found['status']} {found['released_at']}"
            )

    def wait_for_mentor_release(self) -> None:
        """A released: X's match with A ended and X re-matched to B; A's placement referral."""
        a, x = self.mentor_a, self.mentee
        eventually(lambda: self.assert_released(a), what=f"{a} released in intake")
        rematch = eventually(
            lambda: self._one_open_match(x, mentor=self.mentor_b), what=f"{x} re-matched to B"
        )
        assert rematch["status"] == "active", rematch
        eventually(
            lambda: self._assert_referrals(a, ["release"]), what=f"placement referral for {a}"
        )

    def wait_for_mentee_release(self) -> None:
        """X released: X's match ended; the three post-release family follow-ups exist."""
        x = self.mentee
        eventually(lambda: self.assert_released(x), what=f"{x} released in intake")
        eventually(lambda: self._assert_no_open_match(x), what=f"{x}'s match ended")
        eventually(
            lambda: self._assert_task_kinds(x, {"pre_release_meeting", *POST_RELEASE_TASKS}),
            what="three post-release follow-ups",
        )

    # ------------------------------------------------------------------ the checks

    def check_apis(self) -> None:
        """The final state, read from every service's API: every effect exactly once."""
        a, b, x = self.mentor_a, self.mentor_b, self.mentee
        for person in (a, x):
            self.assert_released(person)
        for person in [b, *self.others]:
            found = self.intake.person(person.person_id)
            assert found["status"] == "in_custody", f"{person} must still be in custody: {found}"
            assert found["released_at"] is None, found

        matches = sorted(self.mentoring.matches(x.person_id), key=lambda m: m["proposed_at"])
        summary = [(m["mentor_person_id"], m["status"], m["end_reason"]) for m in matches]
        assert summary == [
            (a.person_id, "ended", "mentor_released"),
            (b.person_id, "ended", "mentee_released"),
        ], f"{x}'s matches: {summary}"
        mentor_a = self.mentoring.mentor(a.mentor_id)
        assert (mentor_a["status"], mentor_a["status_reason"]) == ("left", "released"), mentor_a
        assert self.mentoring.mentor(b.mentor_id)["status"] == "active"

        tasks = self.family.tasks(x.person_id)
        kinds = Counter(t["kind"] for t in tasks)
        assert kinds == Counter(
            {"pre_release_meeting": 1, **dict.fromkeys(POST_RELEASE_TASKS, 1)}
        ), f"{x}'s follow-ups: {kinds}"
        assert x.released_at is not None
        released_on = x.released_at.astimezone(LONDON).date()
        due = {t["kind"]: date.fromisoformat(t["due_on"]) for t in tasks}
        assert due["release_day_contact"] == released_on, due
        assert due["day_7_check"] == released_on + timedelta(days=7), due
        assert due["day_28_check"] == released_on + timedelta(days=28), due
        assert {t["case_id"] for t in tasks} == {self.case_id}, tasks
        for person in (a, b, *self.others):
            assert self.family.tasks(person.person_id) == [], f"{person} has no family case"

        self._assert_referrals(a, ["release"])
        for person in (b, x, *self.others):
            self._assert_referrals(person, [])

    def check_public_topics(self) -> list[PublicEvent]:
        """The same effects counted on the public topics (every message a valid CloudEvent of
        the contract; exactly once each; nothing for anyone else)."""
        events = read_public_topics(self.platform.bootstrap)
        ours = [e for e in events if e.concerns(self.person_ids())]
        a, b, x = self.mentor_a, self.mentor_b, self.mentee

        def count(event_type: str, **data: str) -> int:
            return sum(
                1
                for e in ours
                if e.type == event_type and all(str(e.data.get(k)) == v for k, v in data.items())
            )

        for person in self.people:
            pid = person.person_id
            assert count("intake.person.received.v1", person_id=pid) == 1, f"{person} received"
            released = 1 if person in (a, x) else 0
            assert count("intake.person.released.v1", person_id=pid) == released, (
                f"{person}: expected {released} released event(s)"
            )
        for mentor in (a, b):
            pid = mentor.person_id
            assert count("mentoring.mentor.enrolled.v1", person_id=pid) == 1
            modules = Counter(
                e.data["module"]
                for e in ours
                if e.type == "mentoring.mentor.module_completed.v1" and e.data["person_id"] == pid
            )
            assert modules == Counter(
                conflict_resolution=1,
                interpersonal_skills=1,
                mentoring_skills=1,
                drug_alcohol_awareness=1,
            ), f"{mentor}: modules {modules}"
            assert count("mentoring.mentor.qualified.v1", person_id=pid) == 1
            assert count("mentoring.mentor.status_changed.v1", person_id=pid, status="active") == 1
        assert (
            count("mentoring.mentor.status_changed.v1", person_id=a.person_id, status="left") == 1
        )
        assert (
            count("mentoring.mentor.status_changed.v1", person_id=b.person_id, status="left") == 0
        )

        made = [e for e in ours if e.type == "mentoring.match.made.v1"]
        ended = [e for e in ours if e.type == "mentoring.match.ended.v1"]
        assert [(e.data["mentee_person_id"], e.data["mentor_person_id"]) for e in made] == [
            (x.person_id, a.person_id),
            (x.person_id, b.person_id),
        ], f"match.made: {[e.data for e in made]}"
        assert sorted(e.data["match_id"] for e in ended) == sorted(
            e.data["match_id"] for e in made
        ), f"every match ends exactly once: {[e.data for e in ended]}"
        assert [e.data["reason"] for e in ended] == ["released", "released"]
        assert [e.data["detail"] for e in ended] == ["mentor_released", "mentee_released"]

        assert count("intake.person.referred.v1", person_id=x.person_id) == 1
        assert count("intake.person.assessed.v1", person_id=x.person_id) == 1
        assert count("intake.release.scheduled.v1", person_id=x.person_id) == 1
        assert count("family.case.opened.v1", person_id=x.person_id) == 1
        scheduled = Counter(
            e.data["kind"]
            for e in ours
            if e.type == "family.followup.scheduled.v1" and e.data["person_id"] == x.person_id
        )
        assert scheduled == Counter(
            {"pre_release_meeting": 1, **dict.fromkeys(POST_RELEASE_TASKS, 1)}
        ), f"followup.scheduled for {x}: {scheduled}"
        post_release = sum(scheduled[k] for k in POST_RELEASE_TASKS)
        assert post_release == 3, scheduled

        referrals = [e for e in ours if e.type == "placements.referral.created.v1"]
        assert [(e.data["person_id"], e.data["trigger"]) for e in referrals] == [
            (a.person_id, "release")
        ], f"placement referrals: {[e.data for e in referrals]}"

        expected_types = {
            "intake.person.received.v1",
            "intake.person.referred.v1",
            "intake.person.assessed.v1",
            "intake.release.scheduled.v1",
            "intake.person.released.v1",
            "mentoring.mentor.enrolled.v1",
            "mentoring.mentor.module_completed.v1",
            "mentoring.mentor.qualified.v1",
            "mentoring.mentor.status_changed.v1",
            "mentoring.match.made.v1",
            "mentoring.match.ended.v1",
            "family.case.opened.v1",
            "family.followup.scheduled.v1",
            "placements.referral.created.v1",
        }
        extra = Counter(e.type for e in ours if e.type not in expected_types)
        assert not extra, f"events nobody asked for: {extra}"
        for person in self.others:
            theirs = Counter(e.type for e in ours if e.concerns([person.person_id]))
            assert theirs == Counter({"intake.person.received.v1": 1}), f"{person}: {theirs}"
        return events

    def outcomes_figures(self) -> dict[str, float]:
        """The outcomes summary for the story's prison over the last 30 days, flattened to
        dotted names (as in its CSV); empty when the outcomes service is not installed."""
        if self.outcomes is None:
            return {}
        summary = self.outcomes.summary(self.prison, self.today - timedelta(days=30), self.today)
        assert (summary["prison_code"], summary["to_date"]) == (
            self.prison,
            self.today.isoformat(),
        ), summary
        return flatten(summary)

    def check_outcomes(self, before: dict[str, float]) -> None:
        """The figures moved by exactly the story: two mentors enrolled and qualified (one
        still active), one person referred and supported, two matches made and ended, one
        family case, one placement referral on release, two people released (neither contacted
        yet, both still in the 21-day window; the referred mentee has a treatment need, the
        mentor not), one assessment 40 days clean."""
        if self.outcomes is None:
            return
        expected = {
            "mentors.enrolled": 2,
            "mentors.in_training": 0,
            "mentors.qualified": 2,
            "mentors.qualified_since_programme_began": 2,
            "mentors.active": 1,
            "people.referred": 1,
            "people.supported": 1,
            "matches.made": 2,
            "matches.ended": 2,
            "matches.open": 0,
            "family.cases_opened": 1,
            "placements.referrals": 1,
            "placements.referrals_by_trigger.release": 1,
            "placements.started": 0,
            "programme_contact_21_days.released": 2,
            "programme_contact_21_days.contacted": 0,
            "programme_contact_21_days.still_in_window": 2,
            "continuity_of_care.released_with_need": 1,
            "continuity_of_care.not_yet_due": 1,
            "continuity_of_care.released_without_need": 1,
            "days_clean.assessed": 1,
            "days_clean.with_clean_date": 1,
            "days_clean.at_least_30": 1,
            "days_clean.at_least_90": 0,
        }

        def moved() -> dict[str, float]:
            after = self.outcomes_figures()
            got = {k: after.get(k, 0) - before.get(k, 0) for k in expected}
            assert got == expected, f"outcomes figures at {self.prison} moved by {got}"
            return got

        eventually(moved, timeout=20, what="the outcomes figures moved")

    def check_no_dead_letters(self) -> None:
        assert self.platform.dead_letters() == dict.fromkeys(self.platform.services, 0)

    # ------------------------------------------------------------------ small assertions

    def _one_open_match(self, mentee: Person, mentor: Person | None = None) -> dict:
        open_matches = self.mentoring.open_matches_as_mentee(mentee.person_id)
        assert len(open_matches) == 1, f"{mentee}: open matches {open_matches}"
        if mentor is not None:
            assert open_matches[0]["mentor_person_id"] == mentor.person_id, open_matches
        return open_matches[0]

    def _assert_no_open_match(self, person: Person) -> None:
        open_matches = [
            m for m in self.mentoring.matches(person.person_id) if m["status"] != "ended"
        ]
        assert open_matches == [], f"{person}: {open_matches}"

    def assert_released(self, person: Person) -> None:
        found = self.intake.person(person.person_id)
        assert found["status"] == "released", f"{person}: {found['status']}"
        assert found["released_at"] is not None
        assert person.released_at is not None
        got = datetime.fromisoformat(found["released_at"])
        assert abs((got - person.released_at).total_seconds()) < 1, (got, person.released_at)

    def _assert_task_kinds(self, person: Person, kinds: Iterable[str]) -> None:
        got = sorted(t["kind"] for t in self.family.tasks(person.person_id))
        assert got == sorted(kinds), f"{person}'s follow-ups: {got}"

    def _assert_referrals(self, person: Person, triggers: list[str]) -> None:
        got = [r["trigger"] for r in self.placements.referrals(person.person_id)]
        assert got == triggers, f"{person}'s placement referrals: {got}"
