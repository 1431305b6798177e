"""Handlers of intake's custody events (run by the consumer, which commits).

The plan keeps the facts even for a person with no family case yet; planning compares the
tasks the facts call for with those that exist, so redelivery and odd orders are harmless.
Events that no longer matter (a schedule after the release, a stale release) are absorbed by
the domain rather than raised, so they never end up as dead letters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from pathways.contracts.intake import (
    PersonReceived,
    PersonReleased,
    PersonTransferred,
    ReceptionReason,
    ReleaseCancelled,
    ReleaseScheduled,
)
from pathways.family.domain.plan import FollowUpPlan
from pathways.family.service_layer.publishing import publish
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.messaging.incoming import Incoming
from pathways.platform import clock
from pathways.platform.checks import local_date


def published_on(record: Any) -> date:
    """The day intake published the event (Kafka timestamp), never later than today."""
    today = clock.today()
    timestamp = getattr(record, "timestamp", None)
    if not isinstance(timestamp, int) or timestamp <= 0:
        return today
    return min(local_date(datetime.fromtimestamp(timestamp / 1000, UTC)), today)


async def on_person_received(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: PersonReceived = incoming.data
    await uow.people.remember(data.person_id, incoming.event_type)
    plan = await uow.plans.get(data.person_id)
    if plan is not None:  # only a person released before can start a new custody period
        recalled = data.reason is not ReceptionReason.NEW_ADMISSION
        plan.record_received(data.received_at, recalled=recalled)
        await uow.plans.save(plan)
        publish(uow, plan.events)


async def _change_plan(
    incoming: Incoming, uow: FamilyUnitOfWork, change: Callable[[FollowUpPlan], None]
) -> None:
    """Remember the person, apply one custody fact to their plan (made if need be), publish."""
    person_id = incoming.data.person_id
    await uow.people.remember(person_id, incoming.event_type)
    plan = await uow.plans.get_or_create(person_id)
    change(plan)
    await uow.plans.save(plan)
    publish(uow, plan.events)


async def on_release_scheduled(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: ReleaseScheduled = incoming.data
    notified_on = published_on(incoming.record)
    await _change_plan(incoming, uow, lambda p: p.schedule_release(data.expected_on, notified_on))


async def on_release_cancelled(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: ReleaseCancelled = incoming.data
    await _change_plan(incoming, uow, lambda p: p.cancel_scheduled_release(data.expected_on))


async def on_person_released(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: PersonReleased = incoming.data
    await _change_plan(incoming, uow, lambda p: p.record_release(data.released_at))


async def on_person_transferred(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: PersonTransferred = incoming.data
    await _change_plan(incoming, uow, lambda p: p.record_transfer(data.transferred_at))


HANDLERS = {
    PersonReceived.event_type: on_person_received,
    ReleaseScheduled.event_type: on_release_scheduled,
    ReleaseCancelled.event_type: on_release_cancelled,
    PersonReleased.event_type: on_person_released,
    PersonTransferred.event_type: on_person_transferred,
}
