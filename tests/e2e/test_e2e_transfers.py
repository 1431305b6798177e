"""Transfers end to end through the prison's movement feed only, as the ministry sends them:
`prison-offender-events.prisoner.released` TRANSFERRED at the old prison, then
`prisoner-offender-search.prisoner.received` TRANSFERRED at the new one. Intake publishes
one `intake.person.transferred.v1` (no reception); every service must take it to mean "in
custody at the new prison".

The prisons are fixed codes no other end-to-end test uses (matching runs prison-wide, and
intake only knows the real estate); the people get uuid-based prison numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from e2e_clients import IntakeClient, MentoringClient, OutcomesClient
from e2e_platform import Feed, Platform, eventually, movement, read_public_topics
from e2e_story import LONDON, flatten

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
OLD, NEW = "DMI", "EXI"  # HMP Durham, HMP Exeter


def noms() -> str:
    n = uuid.uuid4().int
    letters = "".join(chr(65 + (n >> (5 * i)) % 26) for i in range(3))
    return f"{letters[0]}{n % 10000:04d}{letters[1:]}"


class Transfers:
    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.feed = Feed(platform.bootstrap)
        token = platform.token()
        self.intake = IntakeClient(platform.url("intake"), token)
        self.mentoring = MentoringClient(platform.url("mentoring"), token)
        self.outcomes = (
            OutcomesClient(platform.url("outcomes"), token) if platform.has("outcomes") else None
        )
        self.now = datetime.now(UTC)

    @property
    def today(self) -> date:
        """The London date now, not when the story began: a test crossing midnight
        would give dates the services, on the new day, refuse as before enrolment."""
        return datetime.now(UTC).astimezone(LONDON).date()

    def close(self) -> None:
        for client in (self.intake, self.mentoring, self.outcomes):
            if client is not None:
                client.close()

    def receive(self, number: str, prison: str) -> str:
        self.feed.received(number, prison, self.now - timedelta(days=3))
        return eventually(lambda: self.intake.person_id(number), what=f"{number} received")

    def transfer(self, number: str, person_id: str) -> None:
        """Out of OLD (the delayed event), into NEW (the immediate search event)."""
        out = self.now - timedelta(days=1)
        self.feed.publish(
            movement(Feed.EVENTS_RELEASED, number, OLD, "TRANSFERRED", out),
            movement(Feed.SEARCH_RECEIVED, number, NEW, "TRANSFERRED", out + timedelta(hours=2)),
        )

        def at_new_prison() -> None:
            found = self.intake.person(person_id)
            assert (found["status"], found["prison_code"]) == ("in_custody", NEW), found

        eventually(at_new_prison, what=f"{number} in custody at {NEW}")

    def qualified_mentor(self, person_id: str, prison: str, wing: str) -> str:
        mentor_id = self.mentoring.train_and_qualify(
            person_id, prison, self.today, wing=wing, lived_experience=["opiates"], capacity=1
        )
        assert self.mentoring.activate(mentor_id)["status"] == "active"
        return mentor_id

    def refer(self, person_id: str) -> None:
        self.intake.refer(person_id, self.today, ["opiates"])

    def open_match(self, mentee: str, mentor_id: str | None = None) -> dict:
        found = self.mentoring.open_matches_as_mentee(mentee)
        assert len(found) == 1, f"{mentee}: open matches {found}"
        assert mentor_id in (None, found[0]["mentor_id"]), found
        return found[0]

    def estate_figures(self) -> dict[str, float]:
        if self.outcomes is None:
            return {}
        start = self.today - timedelta(days=30)
        params = {"from": start.isoformat(), "to": self.today.isoformat()}
        return flatten(self.outcomes.call("GET", "/outcomes/summary", params=params))


def test_people_transferred_in_through_the_feed_are_in_custody_at_the_new_prison(
    platform: Platform,
) -> None:
    t = Transfers(platform)
    platform.wait_quiet()
    before = t.estate_figures()
    try:
        numbers = {role: noms() for role in ("moving", "staying", "mentee", "newcomer", "there")}
        ids = {role: t.receive(n, NEW if role == "there" else OLD) for role, n in numbers.items()}
        moving = t.qualified_mentor(ids["moving"], OLD, "A")
        t.refer(ids["mentee"])
        match = eventually(lambda: t.open_match(ids["mentee"]), what="mentee matched at OLD")
        assert match["mentor_person_id"] == ids["moving"], match
        staying = t.qualified_mentor(ids["staying"], OLD, "B")
        there = t.qualified_mentor(ids["there"], NEW, "C")

        # A qualified mentor moves: qualified at NEW (not active), the mentee at OLD re-matched.
        t.transfer(numbers["moving"], ids["moving"])
        mentor = eventually(
            lambda: _status(t.mentoring.mentor(moving), "qualified", NEW), what="mentor moved"
        )
        assert mentor["qualification"] is not None and mentor["missing_modules"] == [], mentor
        eventually(lambda: t.open_match(ids["mentee"], staying), what="mentee re-matched")

        # A person transferred in can be enrolled there (no 409 not_in_custody), and a
        # referral there is matched.
        t.transfer(numbers["newcomer"], ids["newcomer"])
        enrolled = eventually(
            lambda: t.mentoring.enrol(ids["newcomer"], NEW), what="enrolled after a transfer"
        )
        assert (enrolled["prison_code"], enrolled["status"]) == (NEW, "in_training"), enrolled
        t.transfer(numbers["mentee"], ids["mentee"])
        t.refer(ids["mentee"])
        eventually(lambda: t.open_match(ids["mentee"], there), what="mentee matched at NEW")

        platform.wait_quiet()
        ours = [e for e in read_public_topics(platform.bootstrap) if e.concerns(ids.values())]
        types = [e.type for e in ours]
        for role, person_id in ids.items():
            received = [
                e for e in ours if e.type == "intake.person.received.v1"
                and e.data["person_id"] == person_id
            ]  # fmt: skip
            assert len(received) == 1, f"{role}: a transfer is never followed by a reception"
        assert types.count("intake.person.transferred.v1") == 3
        qualified = [e for e in ours if e.type == "mentoring.mentor.qualified.v1"]
        assert sorted(e.data["person_id"] for e in qualified) == sorted(
            ids[r] for r in ("moving", "staying", "there")
        ), "each mentor qualified once, the transferred one included"
        assert platform.dead_letters() == dict.fromkeys(platform.services, 0)
        if t.outcomes is not None:

            def counted_once() -> None:
                after = t.estate_figures()
                got = {
                    k: after.get(k, 0) - before.get(k, 0)
                    for k in ("mentors.enrolled", "mentors.qualified_since_programme_began")
                }
                assert got == {
                    "mentors.enrolled": 4,
                    "mentors.qualified_since_programme_began": 3,
                }, got

            eventually(counted_once, timeout=20, what="outcomes count each mentor once")
    finally:
        t.close()


def _status(mentor: dict, status: str, prison: str) -> dict:
    assert (mentor["status"], mentor["prison_code"]) == (status, prison), mentor
    return mentor
