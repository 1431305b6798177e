"""Follow-up planning through intake's events (consumer + database, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.postgres]

SCHEDULED = "family.followup.scheduled.v1"
POST_RELEASE = ["release_day_contact", "day_7_check", "day_28_check"]


def kinds(tasks: list[dict]) -> list[str]:
    return sorted(t["kind"] for t in tasks)


def open_tasks(tasks: list[dict]) -> list[dict]:
    return [t for t in tasks if t["status"] == "open"]


async def test_a_release_gives_three_checks_dated_from_the_release(family, intake) -> None:
    person = await family.known_person()
    await family.open_case(person)
    released_at = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    await family.deliver(intake.released(person, released_at))

    tasks = await family.tasks(person)
    day = released_at.date()
    assert {t["kind"]: t["due_on"] for t in tasks} == {
        "release_day_contact": day.isoformat(),
        "day_7_check": (day + timedelta(days=7)).isoformat(),
        "day_28_check": (day + timedelta(days=28)).isoformat(),
    }
    assert {t["owner"] for t in tasks} == {"fw.jones"}
    events = await family.published(person, SCHEDULED)
    assert sorted(e["data"]["kind"] for e in events) == sorted(POST_RELEASE)
    assert {e["data"]["task_id"] for e in events} == {t["task_id"] for t in tasks}


async def test_redelivery_late_and_out_of_order_releases_give_one_set(family, intake) -> None:
    person = await family.known_person(datetime.now(UTC) - timedelta(days=200))
    await family.open_case(person)
    released_at = datetime.now(UTC) - timedelta(minutes=5)
    release = intake.released(person, released_at)
    same_fact_new_id = intake.released(person, released_at)
    await family.deliver(release, release)  # twice in one batch
    await family.deliver(release)  # and again later
    await family.deliver(same_fact_new_id)  # the same release re-published by intake
    await family.deliver(intake.scheduled(person, released_at.date()))  # schedule after release

    tasks = await family.tasks(person)
    assert kinds(tasks) == sorted(POST_RELEASE)
    assert len(await family.published(person, SCHEDULED)) == 3


async def test_a_release_before_its_schedule_and_a_schedule_first(family, intake) -> None:
    first = await family.known_person()
    second = await family.known_person()
    for person in (first, second):
        await family.open_case(person)
    expected = datetime.now(UTC).date() + timedelta(days=30)
    released_at = datetime.now(UTC)
    await family.deliver(intake.released(first, released_at))
    await family.deliver(intake.scheduled(first, expected))
    await family.deliver(intake.scheduled(second, expected))
    await family.deliver(intake.released(second, released_at))

    assert kinds(await family.tasks(first)) == sorted(POST_RELEASE)
    second_tasks = await family.tasks(second)
    assert kinds(second_tasks) == sorted([*POST_RELEASE, "pre_release_meeting"])
    meeting = next(t for t in second_tasks if t["kind"] == "pre_release_meeting")
    assert meeting["due_on"] == (expected - timedelta(days=14)).isoformat()
    assert meeting["status"] == "open"  # stays for the worker to record whether it happened


async def test_no_case_no_tasks_and_a_late_case_gets_the_checks_still_due(family, intake) -> None:
    person = await family.known_person(datetime.now(UTC) - timedelta(days=100))
    await family.deliver(intake.released(person, datetime.now(UTC) - timedelta(days=10)))
    assert await family.tasks(person) == []
    assert await family.published(person, SCHEDULED) == []

    await family.open_case(person)
    assert kinds(await family.tasks(person)) == ["day_28_check"]
    assert len(await family.published(person, SCHEDULED)) == 1


async def test_a_transfer_keeps_the_pre_release_meeting_and_a_new_schedule_redates_it(
    family, intake
) -> None:
    person = await family.known_person()
    await family.open_case(person)
    expected = datetime.now(UTC).date() + timedelta(days=40)
    await family.deliver(intake.scheduled(person, expected))
    await family.deliver(intake.transferred(person, datetime.now(UTC)))
    [meeting] = await family.tasks(person)
    assert (meeting["kind"], meeting["status"]) == ("pre_release_meeting", "open")
    assert await family.published(person, "family.followup.cancelled.v1") == []

    later = expected + timedelta(days=20)
    await family.deliver(intake.scheduled(person, later))
    live = open_tasks(await family.tasks(person))
    assert [(t["task_id"], t["due_on"]) for t in live] == [
        (meeting["task_id"], (later - timedelta(days=14)).isoformat())
    ]


async def test_a_re_receive_after_release_starts_a_new_custody_period(family, intake) -> None:
    person = await family.known_person(datetime.now(UTC) - timedelta(days=400))
    await family.open_case(person)
    first_release = datetime.now(UTC) - timedelta(days=10)
    await family.deliver(intake.released(person, first_release))
    assert kinds(await family.tasks(person)) == ["day_28_check"]  # the others were past
    await family.deliver(intake.received(person, first_release + timedelta(days=5), "readmission"))
    await family.deliver(intake.released(person, first_release))  # stale: ignored

    await family.deliver(intake.released(person, datetime.now(UTC)))
    tasks = await family.tasks(person)
    assert kinds(tasks) == sorted([*POST_RELEASE, "day_28_check"])
    first = [
        t for t in tasks if t["due_on"] == (first_release + timedelta(days=28)).date().isoformat()
    ]
    assert [(t["kind"], t["status"]) for t in first] == [("day_28_check", "cancelled")]
    assert kinds(open_tasks(tasks)) == sorted(POST_RELEASE)  # the second release's own set
    [cancelled] = await family.published(person, "family.followup.cancelled.v1")
    assert (cancelled["data"]["task_id"], cancelled["data"]["reason"]) == (
        first[0]["task_id"],
        "recalled",
    )
    assert len(await family.published(person, SCHEDULED)) == 4
    assert await family.dead_letter_count() == 0


async def test_a_moved_release_date_reschedules_the_open_meeting_publicly(family, intake) -> None:
    person = await family.known_person()
    await family.open_case(person)
    first = datetime.now(UTC).date() + timedelta(days=50)
    await family.deliver(intake.scheduled(person, first))
    await family.deliver(intake.scheduled(person, first + timedelta(days=7)))
    [moved] = await family.published(person, "family.followup.rescheduled.v1")
    assert moved["data"]["previous_due_on"] == (first - timedelta(days=14)).isoformat()
    assert moved["data"]["due_on"] == (first - timedelta(days=7)).isoformat()


async def test_a_cancelled_release_cancels_the_meeting_and_an_older_cancellation_is_ignored(
    family, intake
) -> None:
    person = await family.known_person()
    await family.open_case(person)
    first = datetime.now(UTC).date() + timedelta(days=60)
    await family.deliver(intake.scheduled(person, first))
    assert kinds(open_tasks(await family.tasks(person))) == ["pre_release_meeting"]
    await family.deliver(intake.release_cancelled(person, first))
    assert open_tasks(await family.tasks(person)) == []

    second = first + timedelta(days=30)
    await family.deliver(intake.scheduled(person, second))
    await family.deliver(intake.release_cancelled(person, first))  # stale: the old plan
    [meeting] = open_tasks(await family.tasks(person))
    assert meeting["due_on"] == (second - timedelta(days=14)).isoformat()
