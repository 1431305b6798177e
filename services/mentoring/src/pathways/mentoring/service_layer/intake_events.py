"""Handlers for intake's events (the consumer commits; these never do).

Events for unknown people or out of order are kept: every fact lands in the person's custody
record; a custody event older than the one already applied is noted but changes nothing; a
referral before the reception waits without a prison until the person is received.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pathways.contracts import intake
from pathways.mentoring.adapters.people import IN_CUSTODY, RELEASED, TRANSFERRED, CustodyRecord
from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.domain import Mentee, MenteeStatus
from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.service_layer import clock
from pathways.mentoring.service_layer.custody import person_moved, person_released, wing_moved
from pathways.mentoring.service_layer.matching import request_matching
from pathways.messaging.incoming import Incoming

NEW_ADMISSION, READMISSION = (
    intake.ReceptionReason.NEW_ADMISSION,
    intake.ReceptionReason.READMISSION,
)


async def on_received(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    data: intake.PersonReceived = incoming.data
    record = await uow.people.get(data.person_id)
    if record.is_stale(data.received_at):
        record.note(data.event_type, data.received_at, applied=False)
        await uow.people.save(record)
        return
    new_period = starts_new_custody_period(record, data)
    moved = record.prison_code != data.prison_code
    record.prison_code, record.wing = data.prison_code, v.wing(data.location)
    record.custody, record.custody_at = IN_CUSTODY, _utc(data.received_at)
    record.note(data.event_type, data.received_at, applied=True)
    await uow.people.save(record)
    await person_moved(uow, data.person_id, data.prison_code, data.location, new_period=new_period)
    if not new_period and not moved:
        await wing_moved(uow, data.person_id, data.prison_code, data.location)


def starts_new_custody_period(record: CustodyRecord, data: intake.PersonReceived) -> bool:
    """A reception after a release, or a new admission / readmission later than the custody
    fact applied (the same reception published again is not a new period)."""
    if record.is_new or record.custody_at is None:
        return False
    if record.custody == RELEASED:
        return True
    later = _utc(data.received_at) > record.custody_at
    return later and data.reason in (NEW_ADMISSION, READMISSION)


async def on_referred(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """A referral makes the person a waiting mentee and starts a matching run for their prison."""
    data: intake.PersonReferred = incoming.data
    record = await uow.people.get(data.person_id)
    record.note(data.event_type, event_time(incoming), applied=True)
    await uow.people.save(record)
    mentee = await uow.mentees.find(data.person_id)
    if mentee is not None:
        mentee.update_needs(substances=data.substances)
        open_matches = await uow.matches.open_for_person(data.person_id)
        if mentee.status is MenteeStatus.MATCHED and not any(
            m.mentee_person_id == data.person_id for m in open_matches
        ):
            mentee.back_to_waiting()  # referred again after a completed match
    else:
        known = not record.is_new and record.prison_code is not None
        mentee = Mentee.referred(
            person_id=data.person_id,
            referred_at=event_time(incoming),
            substances=data.substances,
            prison_code=record.prison_code if known else data.prison_code,
            wing=record.wing if known else None,
        )
        if record.custody == RELEASED:
            mentee.released()
        elif record.custody == TRANSFERRED and record.prison_code:
            mentee.transferred(record.prison_code)
    await uow.mentees.save(mentee)
    if mentee.status is MenteeStatus.WAITING:
        request_matching(uow, mentee.prison_code)


async def on_released(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    data: intake.PersonReleased = incoming.data
    if await _custody_fact(uow, incoming, data.released_at, RELEASED, data.prison_code, None):
        await person_released(uow, data.person_id)


async def on_transferred(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """In custody at `to_prison_code` from `transferred_at`: no reception follows."""
    data: intake.PersonTransferred = incoming.data
    location = getattr(data, "location", None)
    at, to = data.transferred_at, data.to_prison_code
    if await _custody_fact(uow, incoming, at, IN_CUSTODY, to, location):
        await person_moved(uow, data.person_id, to, location, new_period=False)


async def on_location_changed(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """A wing move: the wing "same wing" scoring uses. Older than the custody fact, or at
    another prison than the one the person is in: noted, changes nothing."""
    data: intake.PersonLocationChanged = incoming.data
    record = await uow.people.get(data.person_id)
    applies = not record.is_stale(data.changed_at) and record.prison_code == data.prison_code
    record.note(data.event_type, data.changed_at, applied=applies)
    if applies:
        record.wing = v.wing(data.location)
    await uow.people.save(record)
    if applies:
        await wing_moved(uow, data.person_id, data.prison_code, data.location)


async def on_assessed(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """Noted only: scores are health detail mentoring does not need (minimum necessary)."""
    record = await uow.people.get(incoming.data.person_id)
    record.note(incoming.event_type, event_time(incoming), applied=True)
    await uow.people.save(record)


async def on_recategorised(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    data: intake.PersonRecategorised = incoming.data
    record = await uow.people.get(data.person_id)
    record.category = data.category
    if record.prison_code is None and data.prison_code:
        record.prison_code = data.prison_code
    record.note(data.event_type, event_time(incoming), applied=True)
    await uow.people.save(record)
    mentee = await uow.mentees.find(data.person_id)
    if mentee is not None and mentee.prison_code is None and record.prison_code:
        mentee.received(record.prison_code, record.wing)
        await uow.mentees.save(mentee)
        request_matching(uow, mentee.prison_code)


async def _custody_fact(
    uow: MentoringUnitOfWork,
    incoming: Incoming,
    at: datetime,
    custody: str,
    prison_code: str,
    wing: str | None,
) -> bool:
    """Record a custody fact on the person; False when it is stale (kept, not applied)."""
    record = await uow.people.get(incoming.data.person_id)
    stale = record.is_stale(at)
    record.note(incoming.event_type, at, applied=not stale)
    if not stale:
        record.custody, record.custody_at, record.prison_code = custody, _utc(at), prison_code
        record.wing = v.wing(wing)
    await uow.people.save(record)
    return not stale


def _utc(at: datetime) -> datetime:
    """Intake sends aware times; a naive one is taken as UTC rather than refused."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def event_time(incoming: Incoming) -> datetime:
    """When intake recorded the event (the envelope's `time`), else the Kafka timestamp."""
    try:
        at = datetime.fromisoformat(json.loads(incoming.record.value)["time"])
        return at if at.tzinfo else at.replace(tzinfo=UTC)
    except (AttributeError, KeyError, TypeError, ValueError):
        pass
    timestamp = getattr(incoming.record, "timestamp", None)
    if isinstance(timestamp, int) and timestamp > 0:
        return datetime.fromtimestamp(timestamp / 1000, UTC)
    return clock.now()


HANDLERS = {
    intake.PersonReceived.event_type: on_received,
    intake.PersonReferred.event_type: on_referred,
    intake.PersonAssessed.event_type: on_assessed,
    intake.PersonReleased.event_type: on_released,
    intake.PersonTransferred.event_type: on_transferred,
    intake.PersonLocationChanged.event_type: on_location_changed,
    intake.PersonRecategorised.event_type: on_recategorised,
}
