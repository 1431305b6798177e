"""Community treatment handlers (issue 16): provider reference data, and each person's
handover — referral on a release plan, appointment, first attendance or not — published as
`intake.community_treatment.*` and audited like every change of a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from pathways.contracts import treatment as contract
from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.person import Person
from pathways.intake.domain.referral import ConsentRecipient
from pathways.intake.domain.treatment import (
    Custody,
    OutcomeRecorded,
    Referred,
    TreatmentHandover,
    TreatmentOutcome,
    TreatmentProvider,
)
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import Conflict, NotFound

RESOURCE = "community_treatment"


@dataclass(frozen=True)
class ReferToTreatment:
    actor: str
    person_id: uuid.UUID
    referred_on: date
    provider_code: str | None = None
    destination_area: str | None = None
    appointment_on: date | None = None
    handover_id: uuid.UUID | None = None


@dataclass(frozen=True)
class OfferAppointment:
    actor: str
    person_id: uuid.UUID
    appointment_on: date


@dataclass(frozen=True)
class RecordTreatmentOutcome:
    actor: str
    person_id: uuid.UUID
    outcome: TreatmentOutcome
    on: date


def custody_of(person: Person) -> Custody:
    released = person.status is CustodyStatus.RELEASED and person.released_at is not None
    return Custody(
        prison_code=person.prison_code,
        period_started_at=person.received_at,
        has_release_plan=person.release_plan is not None,
        released_on=clock.local_day(person.released_at) if released else None,  # type: ignore[arg-type]
    )


def _check_consent(person: Person) -> None:
    if not person.referrals:
        raise Conflict("refer the person to the programme first", code="no_referral")
    if not person.referrals[-1].may_share_with(ConsentRecipient.COMMUNITY_TREATMENT):
        raise Conflict(
            "the person has not consented to sharing with community treatment",
            code="no_consent",
        )


async def _provider(uow: IntakeUnitOfWork, cmd: ReferToTreatment) -> TreatmentProvider:
    if cmd.provider_code:
        found = await uow.treatment.provider(cmd.provider_code)
        if found is None:
            raise NotFound(f"no provider {cmd.provider_code}", code="provider_not_found")
        return found
    active = [p for p in await uow.treatment.providers(cmd.destination_area or "") if p.active]
    if not active:
        raise NotFound(
            f"no active community treatment provider for {cmd.destination_area!r}",
            code="provider_not_found",
        )
    return active[0]


def _publish(uow: IntakeUnitOfWork, handover: TreatmentHandover) -> None:
    for event in handover.pull_events():
        h = event.handover
        common = {"person_id": h.person_id, "handover_id": h.handover_id,
                  "prison_code": h.prison_code, "provider_code": h.provider_code}  # fmt: skip
        if isinstance(event, Referred):
            uow.emit(contract.CommunityTreatmentReferred(
                **common, referred_on=h.referred_on, appointment_on=h.appointment_on))  # fmt: skip
        elif isinstance(event, OutcomeRecorded) and h.outcome is TreatmentOutcome.ATTENDED:
            uow.emit(contract.CommunityTreatmentEngaged(**common, attended_on=h.attended_on))
        else:
            uow.emit(contract.CommunityTreatmentNotEngaged(
                **common, outcome=contract.NotEngagedOutcome(h.outcome.value),  # type: ignore[union-attr]
                recorded_on=h.outcome_on))  # fmt: skip


async def refer(cmd: ReferToTreatment, uow: IntakeUnitOfWork) -> TreatmentHandover:
    """Refer (or re-refer, before any attendance) for the current custody period."""
    async with uow:
        person = await uow.people.get(cmd.person_id)
        _check_consent(person)
        custody = custody_of(person)
        provider = await _provider(uow, cmd)
        handover = await uow.treatment.for_period(person.person_id, custody.period_started_at)
        if handover is None:
            handover = TreatmentHandover.refer(
                person.person_id, custody, provider, referred_on=cmd.referred_on,
                appointment_on=cmd.appointment_on, today=clock.today(),
                handover_id=cmd.handover_id,
            )  # fmt: skip
        else:
            handover.change_referral(
                provider, cmd.referred_on, cmd.appointment_on, today=clock.today()
            )
        await _save(uow, cmd.actor, handover)
    return handover


async def _current(uow: IntakeUnitOfWork, person_id: uuid.UUID) -> tuple[Person, TreatmentHandover]:
    person = await uow.people.get(person_id)
    handover = await uow.treatment.for_period(person_id, person.received_at)
    if handover is None:
        raise Conflict("no community treatment referral in this custody period", code="no_handover")
    return person, handover


async def offer_appointment(cmd: OfferAppointment, uow: IntakeUnitOfWork) -> TreatmentHandover:
    async with uow:
        _, handover = await _current(uow, cmd.person_id)
        handover.offer_appointment(cmd.appointment_on)
        await _save(uow, cmd.actor, handover)
    return handover


async def record_outcome(cmd: RecordTreatmentOutcome, uow: IntakeUnitOfWork) -> TreatmentHandover:
    async with uow:
        person, handover = await _current(uow, cmd.person_id)
        handover.record_outcome(cmd.outcome, cmd.on, custody_of(person), today=clock.today())
        await _save(uow, cmd.actor, handover)
    return handover


async def _save(uow: IntakeUnitOfWork, actor: str, handover: TreatmentHandover) -> None:
    await uow.treatment.save(handover)
    _publish(uow, handover)
    await uow.commit_audited(actor, "update", RESOURCE, handover.person_id)


async def handovers_of(
    person_id: uuid.UUID, actor: str, uow: IntakeUnitOfWork
) -> list[TreatmentHandover]:
    """A person's handovers, newest custody period first (audited as a read)."""
    async with uow:
        person = await uow.people.get(person_id)
        found = await uow.treatment.handovers_of(person.person_id)
        await uow.commit_audited(actor, "read", RESOURCE, person.person_id)
    return found


async def providers(area: str | None, uow: IntakeUnitOfWork) -> list[TreatmentProvider]:
    async with uow:
        return await uow.treatment.providers(area)


async def save_provider(provider: TreatmentProvider, uow: IntakeUnitOfWork) -> bool:
    """Add or change a provider (reference data, not personal: not audited)."""
    async with uow:
        created = await uow.treatment.save_provider(provider)
        await uow.commit()
    return created
