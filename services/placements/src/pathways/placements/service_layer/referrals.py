"""Referrals: manual opening, the coordinator's risk assessment and disclosure check, offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pathways.placements.domain import (
    DisclosureLevel,
    Offer,
    PersonState,
    Referral,
    RiskOutcome,
)
from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.checks import not_in_future, require_text
from pathways.platform.clock import today


@dataclass(frozen=True)
class OpenManualReferral:
    person_id: UUID
    by: str


@dataclass(frozen=True)
class RecordRiskAssessment:
    referral_id: UUID
    outcome: RiskOutcome
    assessed_on: date | None
    by: str


@dataclass(frozen=True)
class RecordDisclosureCheck:
    referral_id: UUID
    level: DisclosureLevel
    checked_on: date | None
    by: str


@dataclass(frozen=True)
class MakeOffer:
    referral_id: UUID
    opportunity_id: UUID
    offered_on: date | None
    by: str


@dataclass(frozen=True)
class AnswerOffer:
    referral_id: UUID
    offer_id: UUID
    accept: bool
    answered_on: date | None
    by: str


@dataclass(frozen=True)
class CloseReferral:
    referral_id: UUID
    reason: str
    by: str


async def open_manual_referral(cmd: OpenManualReferral, uow: PlacementsUnitOfWork) -> Referral:
    person = await uow.people.get_or_new(cmd.person_id)
    person.require_consent()
    open_ones, _ = await uow.referrals.list(cmd.person_id, "open", 1000, 0)
    referral = Referral.open_manual(cmd.person_id, today(), open_ones)
    await uow.people.save(person)  # bumps the version: a concurrent manual referral conflicts
    await uow.referrals.add(referral)
    publish(uow, referral.events)
    await uow.commit_audited(cmd.by, "create", "referral", cmd.person_id)
    return referral


async def _referral_person(
    uow: PlacementsUnitOfWork, referral_id: UUID
) -> tuple[Referral, PersonState]:
    referral = await uow.referrals.get(referral_id)
    return referral, await uow.people.get_or_new(referral.person_id)


async def record_risk_assessment(
    cmd: RecordRiskAssessment, uow: PlacementsUnitOfWork
) -> PersonState:
    referral, person = await _referral_person(uow, cmd.referral_id)
    now = today()
    person.record_risk_assessment(cmd.outcome, cmd.assessed_on or now, cmd.by, now)
    await uow.people.save(person)
    await uow.commit_audited(cmd.by, "update", "person:risk_assessment", referral.person_id)
    return person


async def record_disclosure_check(
    cmd: RecordDisclosureCheck, uow: PlacementsUnitOfWork
) -> PersonState:
    referral, person = await _referral_person(uow, cmd.referral_id)
    now = today()
    person.record_disclosure_check(cmd.level, cmd.checked_on or now, now)
    await uow.people.save(person)
    await uow.commit_audited(cmd.by, "update", "person:disclosure_check", referral.person_id)
    return person


async def make_offer(cmd: MakeOffer, uow: PlacementsUnitOfWork) -> tuple[Referral, Offer]:
    referral = await uow.referrals.get(cmd.referral_id)
    opportunity, _ = await uow.catalogue.get_opportunity(cmd.opportunity_id)
    on = cmd.offered_on or today()
    not_in_future(on, today(), "offered_on")
    offer = referral.make_offer(opportunity, on)
    await uow.referrals.save(referral)
    await uow.commit_audited(cmd.by, "update", "referral:offer", referral.person_id)
    return referral, offer


async def answer_offer(cmd: AnswerOffer, uow: PlacementsUnitOfWork) -> tuple[Referral, Offer]:
    referral = await uow.referrals.get(cmd.referral_id)
    on = cmd.answered_on or today()
    not_in_future(on, today(), "answered_on")
    if cmd.accept:
        offer = referral.accept_offer(cmd.offer_id, on)
    else:
        offer = referral.decline_offer(cmd.offer_id, on)
    await uow.referrals.save(referral)
    answer = "accept" if cmd.accept else "decline"
    await uow.commit_audited(cmd.by, "update", f"referral:offer_{answer}", referral.person_id)
    return referral, offer


async def close_referral(cmd: CloseReferral, uow: PlacementsUnitOfWork) -> Referral:
    referral = await uow.referrals.get(cmd.referral_id)
    referral.close(require_text(cmd.reason, "reason"))
    await uow.referrals.save(referral)
    await uow.commit_audited(cmd.by, "update", "referral:close", referral.person_id)
    return referral
