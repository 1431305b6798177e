"""Handlers for intake's events (the consumer commits; these never do).

Events for unknown people or out of order are kept: every fact lands in the person's custody
record; a custody event older than the one already applied is noted but changes nothing; a
referral before the reception waits without a prison until the person is received.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pathways.contracts import intake
from pathways.mentoring.domain import Mentee, MenteeStatus
from pathways.mentoring.domain.custody_record import RELEASED, CustodyRecord
from pathways.mentoring.service_layer import consent
from pathways.mentoring.service_layer.custody_events import (
    on_location_changed,
    on_received,
    on_released,
    on_transferred,
)
from pathways.mentoring.service_layer.matching import request_matching
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.messaging.incoming import Incoming
from pathways.platform import clock
from pathways.platform.checks import as_utc


async def on_referred(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    """A referral with consent to mentoring makes the person a waiting mentee and starts a
    matching run for their prison; without it they are kept off the list (`no_consent`)."""
    data: intake.PersonReferred = incoming.data
    record = await uow.people.get(data.person_id)
    record.note(data.event_type, event_time(incoming), applied=True)
    record.decide_consent(consent.allows_mentoring(data.consent), event_time(incoming))
    await uow.people.save(record)
    mentee = await uow.mentees.find(data.person_id)
    if not record.may_mentor:
        if mentee is None:  # kept off the list, holding none of the referral's needs
            mentee = _new_mentee(data, record, incoming, substances=())
            mentee.consent_withdrawn()
            await uow.mentees.save(mentee)
        await consent.withdraw(uow, data.person_id)
        return
    if mentee is not None:
        mentee.consent_given(released=record.custody == RELEASED)
        mentee.update_needs(substances=data.substances)
        open_matches = await uow.matches.open_for_person(data.person_id)
        if mentee.status is MenteeStatus.MATCHED and not any(
            m.mentee_person_id == data.person_id for m in open_matches
        ):
            mentee.back_to_waiting()  # referred again after a completed match
    else:
        mentee = _new_mentee(data, record, incoming, substances=data.substances)
    await uow.mentees.save(mentee)
    if mentee.status is MenteeStatus.WAITING:
        request_matching(uow, mentee.prison_code)


def _new_mentee(
    data: intake.PersonReferred,
    record: CustodyRecord,
    incoming: Incoming,
    substances: tuple[str, ...] | list[str],
) -> Mentee:
    known = not record.is_new and record.prison_code is not None
    mentee = Mentee.referred(
        person_id=data.person_id,
        referred_at=event_time(incoming),
        substances=substances,
        prison_code=record.prison_code if known else data.prison_code,
        wing=record.wing if known else None,
    )
    if record.custody == RELEASED:
        mentee.released()
    return mentee


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


def event_time(incoming: Incoming) -> datetime:
    """When intake recorded the event (the envelope's `time`), else the Kafka timestamp."""
    if incoming.occurred_at is not None:  # the decoder's reading of the envelope's `time`
        return as_utc(incoming.occurred_at)
    try:
        at = datetime.fromisoformat(json.loads(incoming.record.value)["time"])
        return as_utc(at)  # intake sends aware times; a naive one is taken as UTC
    except (AttributeError, KeyError, TypeError, ValueError):
        pass
    timestamp = getattr(incoming.record, "timestamp", None)
    if isinstance(timestamp, int) and timestamp > 0:
        return datetime.fromtimestamp(timestamp / 1000, UTC)
    return clock.now()


HANDLERS = {
    intake.PersonReceived.event_type: on_received,
    intake.PersonReferred.event_type: on_referred,
    intake.ConsentChanged.event_type: consent.on_consent_changed,
    intake.PersonAssessed.event_type: on_assessed,
    intake.PersonReleased.event_type: on_released,
    intake.PersonTransferred.event_type: on_transferred,
    intake.PersonLocationChanged.event_type: on_location_changed,
    intake.PersonRecategorised.event_type: on_recategorised,
}
