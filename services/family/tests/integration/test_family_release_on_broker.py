"""On the real broker: a release published on `pathways.intake` yields exactly the three
follow-up tasks and their `family.followup.scheduled.v1` events, also under redelivery."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pathways.contracts import CloudEvent
from pathways.testing.kafka import publish, read_topic
from pathways.testing.service import eventually

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
SCHEDULED = "family.followup.scheduled.v1"
POST_RELEASE = ["day_28_check", "day_7_check", "release_day_contact"]


async def send(family, person: uuid.UUID, *events: CloudEvent) -> None:
    await publish(
        family.settings.kafka_bootstrap_servers,
        "pathways.intake",
        [e.to_bytes() for e in events],
        key=str(person).encode(),
    )


async def scheduled_on_topic(
    family, person: uuid.UUID, at_least: int, timeout: float = 30
) -> list[dict[str, Any]]:
    def ours(records: list[Any]) -> list[dict[str, Any]]:
        events = [json.loads(r.value) for r in records]
        return [e for e in events if e.get("subject") == str(person) and e["type"] == SCHEDULED]

    records = await read_topic(
        family.settings.kafka_bootstrap_servers,
        "pathways.family",
        until=lambda recs: len(ours(recs)) >= at_least,
        timeout=timeout,
    )
    return ours(records)


async def person_with_case(family, intake) -> uuid.UUID:
    person = uuid.uuid4()
    received = intake.received(person, datetime.now(UTC) - timedelta(days=90))
    await send(family, person, received, intake.referred(person))
    await eventually(lambda: family.allows_family(person), timeout=30)
    await family.open_case(person, opened_on=datetime.now(UTC).date() - timedelta(days=7))
    return person


async def three_tasks(family, person: uuid.UUID) -> list[dict[str, Any]]:
    tasks = await eventually(lambda: family.tasks(person), lambda t: len(t) >= 3, timeout=30)
    assert sorted(t["kind"] for t in tasks) == POST_RELEASE
    return tasks


async def assert_exactly_three_scheduled(family, person: uuid.UUID, tasks: list[dict]) -> None:
    await scheduled_on_topic(family, person, 3)
    await asyncio.sleep(1.5)  # anything extra would have been published by now
    events = await scheduled_on_topic(family, person, 4, timeout=2)
    assert sorted(e["data"]["kind"] for e in events) == POST_RELEASE
    assert {e["data"]["task_id"] for e in events} == {t["task_id"] for t in tasks}
    assert len(await family.tasks(person)) == 3


async def test_a_release_yields_exactly_three_tasks_and_events(live_family, intake) -> None:
    person = await person_with_case(live_family, intake)
    await send(live_family, person, intake.released(person, datetime.now(UTC)))
    tasks = await three_tasks(live_family, person)
    await assert_exactly_three_scheduled(live_family, person, tasks)
    [event] = [
        e
        for e in await scheduled_on_topic(live_family, person, 3)
        if e["data"]["kind"] == "day_7_check"
    ]
    assert event["source"] == "pathways/family" and event["causationid"]


async def test_the_same_release_twice_and_republished(live_family, intake) -> None:
    person = await person_with_case(live_family, intake)
    released_at = datetime.now(UTC)
    release = intake.released(person, released_at)
    await send(live_family, person, release, release)
    await three_tasks(live_family, person)
    await send(live_family, person, release, intake.released(person, released_at))
    await asyncio.sleep(1)
    tasks = await three_tasks(live_family, person)
    await assert_exactly_three_scheduled(live_family, person, tasks)


async def test_a_release_before_its_schedule_and_late(live_family, intake) -> None:
    person = await person_with_case(live_family, intake)
    released_at = datetime.now(UTC) - timedelta(hours=2)
    await send(live_family, person, intake.released(person, released_at))
    tasks = await three_tasks(live_family, person)
    late_schedule = intake.scheduled(person, released_at.date())
    await send(live_family, person, late_schedule, intake.released(person, released_at))
    await asyncio.sleep(1)
    await assert_exactly_three_scheduled(live_family, person, tasks)
    assert await live_family.dead_letter_count() == 0
