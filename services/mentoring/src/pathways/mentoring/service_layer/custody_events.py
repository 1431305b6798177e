"""Intake's custody events: received, transferred, released and wing moves (what each
means here: `custody.py`). A custody event older than the one already applied is noted but
changes nothing."""

from __future__ import annotations

from datetime import datetime

from pathways.contracts import intake
from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.domain.custody_record import IN_CUSTODY, RELEASED, CustodyRecord
from pathways.mentoring.service_layer.custody import person_moved, person_released, wing_moved
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.messaging.incoming import Incoming
from pathways.platform.checks import as_utc

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
    record.custody, record.custody_at = IN_CUSTODY, as_utc(data.received_at)
    record.note(data.event_type, data.received_at, applied=True)
    await uow.people.save(record)
    await person_moved(
        uow,
        data.person_id,
        data.prison_code,
        data.location,
        new_period=new_period,
        at=as_utc(data.received_at),
    )
    if not new_period and not moved:
        await wing_moved(uow, data.person_id, data.prison_code, data.location)


def starts_new_custody_period(record: CustodyRecord, data: intake.PersonReceived) -> bool:
    """A reception after a release, or a new admission / readmission later than the custody
    fact applied (the same reception published again is not a new period)."""
    if record.is_new or record.custody_at is None:
        return False
    if record.custody == RELEASED:
        return True
    later = as_utc(data.received_at) > record.custody_at
    return later and data.reason in (NEW_ADMISSION, READMISSION)


async def on_released(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    data: intake.PersonReleased = incoming.data
    if await _custody_fact(uow, incoming, data.released_at, RELEASED, data.prison_code, None):
        await person_released(uow, data.person_id, as_utc(data.released_at))


async def on_transferred(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """In custody at `to_prison_code` from `transferred_at`: no reception follows."""
    data: intake.PersonTransferred = incoming.data
    location = getattr(data, "location", None)
    at, to = data.transferred_at, data.to_prison_code
    if await _custody_fact(uow, incoming, at, IN_CUSTODY, to, location):
        await person_moved(uow, data.person_id, to, location, new_period=False, at=as_utc(at))


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
        record.custody, record.custody_at, record.prison_code = custody, as_utc(at), prison_code
        record.wing = v.wing(wing)
    await uow.people.save(record)
    return not stale
