"""Continuity of care end to end (issue 16), through the platform's processes and the real
broker: intake's community-treatment handover events are the only source of engagement.

At one prison, four people released through intake's API (three of them 30 days ago):
- U, with a treatment need, handed over, released today, whose only contact is the
  release-day family call answered `no_answer`: not engaged (still within the 21 days), and
  no programme contact either (the old proxy counted that call as engagement);
- D15, who attended community treatment on day 15: engaged;
- D25, who attended on day 25: not engaged (too late);
- W, released with no treatment need (never referred to the programme): outside the
  denominator.
The figures are the same after a rebuild of the read model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from e2e_platform import Platform, eventually
from e2e_story import Person, Story, a_minute_ago_today, flatten

from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
TREATMENT = {"mentoring": False, "family": True, "placements": False, "community_treatment": True}
EXPECTED = {
    "continuity_of_care.released_with_need": 3,
    "continuity_of_care.due": 2,
    "continuity_of_care.engaged": 1,
    "continuity_of_care.not_engaged": 1,
    "continuity_of_care.unknown": 0,
    "continuity_of_care.not_referred": 0,
    "continuity_of_care.not_yet_due": 1,
    "continuity_of_care.released_without_need": 1,
    "continuity_of_care.percent": 50.0,
    "continuity_of_care.national_rate_percent": 41.0,
    "programme_contact_21_days.released": 4,
    "programme_contact_21_days.contacted": 0,
    "programme_contact_21_days.still_in_window": 1,
}


def test_only_a_first_attendance_within_21_days_counts_and_a_rebuild_agrees(
    platform: Platform,
) -> None:
    if not platform.has("outcomes"):
        pytest.skip("the outcomes service is not installed")
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    u, d15, d25, w = (
        Person(role, noms=unique_prison_number()) for role in ("U", "D15", "D25", "W")
    )
    story.others += [u, d15, d25, w]
    area, code = f"E2E area {uuid.uuid4().hex[:8]}", f"E2E-{uuid.uuid4().hex[:8].upper()}"
    released_at = datetime.now(UTC) - timedelta(days=30)
    released_on = story.today - timedelta(days=30)
    try:
        story.receive_from_feed(u, d15, d25, w, days_ago=45)
        story.intake.treatment_provider(code, area)
        for person in (u, d15, d25):
            story.intake.refer(person.person_id, story.today - timedelta(days=40), ["opiates"],
                               consents=TREATMENT)  # fmt: skip
            story.intake.plan_release(person.person_id, story.today + timedelta(days=1))
            handover = story.intake.refer_to_treatment(
                person.person_id, story.today - timedelta(days=35), area
            )
            assert handover["provider_code"] == code, handover
        case = eventually(  # once family has heard intake's consent
            lambda: story.family.open_case(u.person_id), what=f"a family case for {u}"
        )
        for person in (d15, d25, w):
            story.intake.release(person.person_id, released_at, area)
        story.intake.release(u.person_id, a_minute_ago_today(), area)
        [call] = eventually(lambda: _release_day_task(story, u), what=f"{u}'s release-day task")
        story.family.call("POST", f"/tasks/{call['task_id']}/completion", json={
            "outcome": "no_answer", "completed_on": story.today.isoformat()})  # fmt: skip
        for person, day in ((d15, 15), (d25, 25)):
            story.intake.treatment_outcome(
                person.person_id, "attended", released_on + timedelta(days=day)
            )
        assert case["person_id"] == u.person_id

        eventually(lambda: _figures_are(story, EXPECTED), timeout=30, what="continuity figures")
        platform.wait_quiet()
        admin = story.outcomes.call("POST", "/outcomes/rebuild", 202)  # type: ignore[union-attr]
        eventually(lambda: _rebuilt(story, admin["generation"]), timeout=60, what="rebuilt")
        platform.learn_consumer_groups()  # the rebuilt generation's group, not the stopped one
        _figures_are(story, EXPECTED)
        story.check_no_dead_letters()
    finally:
        story.close()


def _release_day_task(story: Story, person: Person) -> list[dict]:
    tasks = [t for t in story.family.tasks(person.person_id) if t["kind"] == "release_day_contact"]
    assert len(tasks) == 1, tasks
    return tasks


def _figures_are(story: Story, expected: dict[str, float]) -> None:
    summary = story.outcomes.summary(  # type: ignore[union-attr]
        story.prison, story.today - timedelta(days=60), story.today
    )
    got = {k: v for k, v in flatten(summary).items() if k in expected}
    assert got == expected, f"figures at {story.prison}: {got}"


def _rebuilt(story: Story, generation: int) -> None:
    status = story.outcomes.call("GET", "/outcomes/status")  # type: ignore[union-attr]
    assert status["generation"] == generation and not status["rebuilding"], status


def test_follow_ups_due_are_counted_for_the_worker_family_names(platform: Platform) -> None:
    """Family publishes each follow-up's owner (a staff id) and a hand-over of the case; the
    outcomes per-worker figure counts what family really sent: the release-day contact of a
    case handed to another worker is due today (not yet overdue) for the new worker; a done
    one is not due for anyone."""
    if not platform.has("outcomes"):
        pytest.skip("the outcomes service is not installed")
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    done, handed = (Person(role, noms=unique_prison_number()) for role in ("done", "handed"))
    story.others += [done, handed]
    first, second = (f"fw.{uuid.uuid4().hex[:8]}" for _ in range(2))
    try:
        story.receive_from_feed(done, handed, days_ago=20)
        cases = {}
        for person in (done, handed):
            story.intake.refer(person.person_id, story.today - timedelta(days=10), ["alcohol"],
                               consents=TREATMENT)  # fmt: skip
            cases[person.role] = eventually(  # once family has heard intake's consent
                lambda p=person: story.family.open_case(p.person_id, worker=first),
                what=f"a family case for {person}",
            )
            story.intake.release(person.person_id, a_minute_ago_today())
        [call] = eventually(lambda: _release_day_task(story, done), what=f"{done}'s task")
        story.family.call("POST", f"/tasks/{call['task_id']}/completion", json={
            "outcome": "contact_made", "completed_on": story.today.isoformat()})  # fmt: skip
        eventually(lambda: _release_day_task(story, handed), what=f"{handed}'s task")
        story.family.call("PUT", f"/cases/{cases['handed']['case_id']}/worker",
                          json={"worker": second})  # fmt: skip

        released_on = story.today

        def per_worker() -> None:
            got = story.outcomes.call(  # type: ignore[union-attr]
                "GET", f"/outcomes/followups/workers?prison_code={story.prison}"
            )
            if story.today == released_on:
                assert got == [{"owner": second, "due": 1, "overdue": 0}], got
            else:  # London's midnight passed meanwhile: the release-day task is now late
                assert [row["owner"] for row in got] == [second], got

        eventually(per_worker, timeout=30, what="follow-ups per worker")
        story.check_no_dead_letters()
    finally:
        story.close()
