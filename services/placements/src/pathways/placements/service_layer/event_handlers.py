"""Consumer handlers: keep each person's eligibility facts and open automatic referrals
(exactly once, whatever the order or repetition of events). They never commit: the
consumer commits the batch with its inbox rows."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from pathways.contracts import intake, mentoring
from pathways.messaging.incoming import Incoming
from pathways.placements.domain import (
    AbsenceKind,
    PersonState,
    Referral,
    TemporaryAbsence,
    claim_referral_triggers,
)
from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.recall import end_previous_period
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.clock import today

CONSUMER_ACTOR = "consumer:placements"


async def apply_to_person(
    uow: PlacementsUnitOfWork,
    incoming: Incoming,
    person_id: UUID,
    change: Callable[[PersonState], object],
) -> None:
    """Apply one fact to the person, then open the referrals it calls for, in one transaction.
    A fact that starts a new custody period (a reception after the release) first ends the
    earlier period's placements and referrals."""
    person = await uow.people.get_or_new(person_id)
    period = person.period
    change(person)
    if person.period != period and person.period_started_at is not None:
        await end_previous_period(uow, person_id, person.period_started_at, CONSUMER_ACTOR)
    for occurrence in claim_referral_triggers(person):
        opened_on = min(occurrence.due_on, today())  # never in the future
        referral = Referral.open(person_id, occurrence.trigger, opened_on)
        await uow.referrals.add(referral, trigger_key=occurrence.key)
        publish(uow, referral.events)
        await uow.audit(CONSUMER_ACTOR, "create", "referral", person_id)
    await uow.people.save(person)
    await uow.audit(CONSUMER_ACTOR, "update", f"person:{incoming.event_type}", person_id)


async def on_mentor_qualified(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: mentoring.MentorQualified = incoming.data
    await apply_to_person(
        uow, incoming, data.person_id, lambda p: p.record_qualified(data.awarded_on)
    )


async def on_person_released(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: intake.PersonReleased = incoming.data
    await apply_to_person(
        uow,
        incoming,
        data.person_id,
        lambda p: p.record_released(data.released_at, data.destination_area, data.prison_code),
    )


async def on_person_received(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: intake.PersonReceived = incoming.data
    await apply_to_person(
        uow,
        incoming,
        data.person_id,
        lambda p: p.record_received(data.received_at, data.prison_code),
    )


async def on_person_transferred(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    """In custody at `to_prison_code`, the same custody period (contract.md)."""
    data: intake.PersonTransferred = incoming.data
    await apply_to_person(
        uow,
        incoming,
        data.person_id,
        lambda p: p.record_transferred(data.transferred_at, data.to_prison_code),
    )


async def on_absence_started(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: intake.TemporaryAbsenceStarted = incoming.data
    absence = TemporaryAbsence(
        data.absence_id, AbsenceKind(data.kind.value), data.starts_at, data.ends_at
    )
    await apply_to_person(
        uow, incoming, data.person_id, lambda p: p.record_absence_started(absence)
    )


async def on_absence_ended(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: intake.TemporaryAbsenceEnded = incoming.data
    await apply_to_person(
        uow, incoming, data.person_id, lambda p: p.record_absence_ended(data.absence_id)
    )


HANDLERS = {
    mentoring.MentorQualified.event_type: on_mentor_qualified,
    intake.PersonReleased.event_type: on_person_released,
    intake.PersonReceived.event_type: on_person_received,
    intake.PersonTransferred.event_type: on_person_transferred,
    intake.TemporaryAbsenceStarted.event_type: on_absence_started,
    intake.TemporaryAbsenceEnded.event_type: on_absence_ended,
}
