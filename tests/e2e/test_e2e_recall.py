"""A recall end to end, through the prison's movement feed only (contract.md, "What each
custody event means"): released, received back weeks later (READMISSION), released again.

- R has a family case: the first release's open check is cancelled `recalled` at the
  reception; the second release gets its own release-day contact, day-7 and day-28 checks.
- M is a qualified mentor on a placement after the first release: the recall ends it
  `recalled` and closes its referral; the second release opens a referral of its own.
- Outcomes counts each release on its own (engagement within 21 days per release) and shows
  the cancelled follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from e2e_platform import Platform, eventually
from e2e_story import LONDON, POST_RELEASE_TASKS, Person, Story

from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def recall(story: Story, person: Person, at: datetime) -> None:
    """The immediate reception back into custody after the release (a recall)."""
    story.feed.received(person.noms, story.prison, at, reason="READMISSION")


def start_placement(story: Story, mentor: Person) -> str:
    """A role, an approved risk assessment, an accepted offer and a started placement for the
    mentor's (only) release referral; returns the placement id."""
    api = story.placements
    [referral] = eventually(lambda: open_referrals(story, mentor, 1), what="first referral")
    provider = api.call(
        "POST",
        "/providers",
        201,
        json={"name": "E2E garden", "area": "Lambeth", "address": "1 Road", "supervisor": "S"},
    )
    role = api.call(
        "POST",
        f"/providers/{provider['provider_id']}/opportunities",
        201,
        json={"role_title": "Gardener", "capacity": 1, "hours_per_week": 10},
    )
    rid = referral["referral_id"]
    api.call("POST", f"/referrals/{rid}/risk-assessment", json={"outcome": "approved"})
    offer = api.call(
        "POST", f"/referrals/{rid}/offers", 201, json={"opportunity_id": role["opportunity_id"]}
    )
    api.call("POST", f"/referrals/{rid}/offers/{offer['offer_id']}/accept")
    placement = api.call("POST", "/placements", 201, json={"referral_id": rid})
    return str(placement["placement_id"])


def open_referrals(story: Story, person: Person, count: int) -> list[dict]:
    found = [r for r in story.placements.referrals(person.person_id) if r["status"] == "open"]
    assert len(found) == count, f"{person}: open referrals {found}"
    return found


def tasks_by_state(story: Story, person: Person) -> set[tuple[str, str, str, str | None]]:
    return {
        (t["kind"], t["due_on"], t["status"], t["cancel_reason"])
        for t in story.family.tasks(person.person_id)
    }


def test_a_recall_closes_the_first_period_and_the_second_release_gets_its_own_work(
    platform: Platform,
) -> None:
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    r = Person("recalled R", noms=unique_prison_number())
    m = Person("mentor M", noms=unique_prison_number())
    story.others += [r, m]
    now = datetime.now(UTC)
    before = story.outcomes_figures()
    try:
        story.receive_from_feed(r, m, days_ago=60)
        story.intake.refer(r.person_id, story.today, ["alcohol"], consents={"family": True})
        story.case_id = str(
            eventually(lambda: story.family.open_case(r.person_id), what="case")["case_id"]
        )
        m.mentor_id = story.mentoring.train_and_qualify(m.person_id, story.prison, story.today)

        # R: released 25 days ago (only the day-28 check is still ahead), back 10 days ago.
        story.release_from_feed(r, minutes_ago=25 * 24 * 60)
        first_day = r.released_at.astimezone(LONDON).date() if r.released_at else date.min
        first_check = (first_day + timedelta(days=28)).isoformat()
        eventually(
            lambda: _assert_equal(
                tasks_by_state(story, r), {("day_28_check", first_check, "open", None)}
            ),
            what=f"{r}'s first release check",
        )
        recall(story, r, now - timedelta(days=10))
        eventually(
            lambda: _assert_equal(
                tasks_by_state(story, r), {("day_28_check", first_check, "cancelled", "recalled")}
            ),
            what=f"{r}'s first release check cancelled by the recall",
        )

        # M: released three hours ago, placed, then recalled (after the placement started).
        story.release_from_feed(m, minutes_ago=180)
        placement_id = start_placement(story, m)
        recall(story, m, datetime.now(UTC))
        placement = eventually(
            lambda: _ended(story, placement_id), what=f"{m}'s placement ended by the recall"
        )
        assert (placement["outcome"], placement["end_reason"]) == ("recalled", "recalled")

        # Both released again (M just now, after the recall).
        story.release_from_feed(r)
        story.release_from_feed(m, minutes_ago=0)
        second_day = r.released_at.astimezone(LONDON).date() if r.released_at else date.min
        second = {
            (kind, (second_day + timedelta(days=d)).isoformat(), "open", None)
            for kind, d in (("release_day_contact", 0), ("day_7_check", 7), ("day_28_check", 28))
        }
        eventually(
            lambda: _assert_equal(
                tasks_by_state(story, r),
                {("day_28_check", first_check, "cancelled", "recalled"), *second},
            ),
            what=f"{r}'s second release has its own three follow-ups",
        )
        assert {k for k, *_ in second} == POST_RELEASE_TASKS
        eventually(lambda: open_referrals(story, m, 1), what=f"{m}'s second release referral")
        platform.wait_quiet()
        referrals = story.placements.referrals(m.person_id)
        assert [(x["trigger"], x["status"], x["closed_reason"]) for x in referrals] == [
            ("release", "closed", "recalled"),
            ("release", "open", None),
        ], referrals
        for person in (r, m):
            story.assert_released(person)
        story.check_no_dead_letters()
        _check_outcomes(story, before)
    finally:
        story.close()


def _assert_equal(got: object, expected: object) -> None:
    assert got == expected, f"got {got}, expected {expected}"


def _ended(story: Story, placement_id: str) -> dict:
    placement = story.placements.call("GET", f"/placements/{placement_id}")
    assert placement["status"] == "ended", placement
    return placement


def _check_outcomes(story: Story, before: dict[str, float]) -> None:
    """Four releases (two each): R's first is out of its 21-day window unengaged, M's first
    contacted (the placement), both second releases still in their window; the cancelled
    check is visible and not due; M's placement ended `recalled`; one mentor."""
    if story.outcomes is None:
        return
    expected = {
        "programme_contact_21_days.released": 4,
        "programme_contact_21_days.contacted": 1,
        "programme_contact_21_days.still_in_window": 2,
        "family.cases_opened": 1,
        "family.followups_due": 1,
        "family.cancelled": 1,
        "family.cancelled_by_reason.recalled": 1,
        "placements.referrals_by_trigger.release": 2,
        "placements.started": 1,
        "placements.ended": 1,
        "placements.ended_recalled": 1,
        "mentors.enrolled": 1,
        "mentors.qualified": 1,
    }

    def moved() -> None:
        after = story.outcomes_figures()
        got = {k: after.get(k, 0) - before.get(k, 0) for k in expected}
        assert got == expected, f"outcomes at {story.prison} moved by {got}"

    eventually(moved, timeout=20, what="the outcomes figures per release")
