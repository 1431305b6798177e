"""Routes: referrals, the coordinator's checks, offers; a person's eligibility."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from pathways.placements.domain import ReferralStatus
from pathways.placements.entrypoints.deps import Limit, Offset, Reader, Uow, Writer
from pathways.placements.entrypoints.schemas_cases import (
    AnswerIn,
    CloseIn,
    DisclosureCheckIn,
    ManualReferralIn,
    OfferIn,
    OfferOut,
    PersonOut,
    ReferralOut,
    RiskAssessmentIn,
)
from pathways.placements.entrypoints.schemas_catalogue import Page
from pathways.placements.service_layer import queries
from pathways.placements.service_layer import referrals as svc
from pathways.platform.caseload import visible_prisons

router = APIRouter(tags=["referrals"])


@router.get("/referrals", response_model=Page[ReferralOut])
async def list_referrals(
    principal: Reader,
    uow: Uow,
    person_id: UUID | None = Query(None),
    status: ReferralStatus | None = Query(None),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ReferralOut]:
    items, total = await queries.list_referrals(
        uow,
        person_id,
        status.value if status else None,
        limit,
        offset,
        principal.subject,
        prisons=visible_prisons(principal, "placements"),
    )
    return Page(items=[ReferralOut.of(r) for r in items], total=total, limit=limit, offset=offset)


@router.post("/referrals", status_code=201, response_model=ReferralOut)
async def open_referral(body: ManualReferralIn, principal: Writer, uow: Uow) -> ReferralOut:
    """A coordinator's referral (trigger `manual`); refused while another is open."""
    cmd = svc.OpenManualReferral(body.person_id, principal.subject)
    return ReferralOut.of(await svc.open_manual_referral(cmd, uow))


@router.get("/referrals/{referral_id}", response_model=ReferralOut)
async def get_referral(referral_id: UUID, principal: Reader, uow: Uow) -> ReferralOut:
    return ReferralOut.of(await queries.get_referral(uow, referral_id, principal.subject))


@router.post("/referrals/{referral_id}/risk-assessment", response_model=PersonOut)
async def record_risk_assessment(
    referral_id: UUID, body: RiskAssessmentIn, principal: Writer, uow: Uow
) -> PersonOut:
    """Record the risk assessment for the referred person (the latest by date is in force)."""
    cmd = svc.RecordRiskAssessment(referral_id, body.outcome, body.assessed_on, principal.subject)
    return PersonOut.of(await svc.record_risk_assessment(cmd, uow))


@router.post("/referrals/{referral_id}/disclosure-check", response_model=PersonOut)
async def record_disclosure_check(
    referral_id: UUID, body: DisclosureCheckIn, principal: Writer, uow: Uow
) -> PersonOut:
    """Record a disclosure (DBS) check obtained for the referred person."""
    cmd = svc.RecordDisclosureCheck(referral_id, body.level, body.checked_on, principal.subject)
    return PersonOut.of(await svc.record_disclosure_check(cmd, uow))


@router.post("/referrals/{referral_id}/offers", status_code=201, response_model=OfferOut)
async def make_offer(referral_id: UUID, body: OfferIn, principal: Writer, uow: Uow) -> OfferOut:
    """Offer an open opportunity (one unanswered or accepted offer at a time)."""
    cmd = svc.MakeOffer(referral_id, body.opportunity_id, body.offered_on, principal.subject)
    _, offer = await svc.make_offer(cmd, uow)
    return OfferOut(**offer.__dict__)


async def _answer(
    referral_id: UUID, offer_id: UUID, body: AnswerIn, accept: bool, by: str, uow: Uow
) -> OfferOut:
    cmd = svc.AnswerOffer(referral_id, offer_id, accept, body.answered_on, by)
    _, offer = await svc.answer_offer(cmd, uow)
    return OfferOut(**offer.__dict__)


@router.post("/referrals/{referral_id}/offers/{offer_id}/accept", response_model=OfferOut)
async def accept_offer(
    referral_id: UUID, offer_id: UUID, principal: Writer, uow: Uow, body: AnswerIn | None = None
) -> OfferOut:
    return await _answer(referral_id, offer_id, body or AnswerIn(), True, principal.subject, uow)


@router.post("/referrals/{referral_id}/offers/{offer_id}/decline", response_model=OfferOut)
async def decline_offer(
    referral_id: UUID, offer_id: UUID, principal: Writer, uow: Uow, body: AnswerIn | None = None
) -> OfferOut:
    return await _answer(referral_id, offer_id, body or AnswerIn(), False, principal.subject, uow)


@router.post("/referrals/{referral_id}/close", response_model=ReferralOut)
async def close_referral(
    referral_id: UUID, body: CloseIn, principal: Writer, uow: Uow
) -> ReferralOut:
    cmd = svc.CloseReferral(referral_id, body.reason, principal.subject)
    return ReferralOut.of(await svc.close_referral(cmd, uow))


@router.get("/people/{person_id}", response_model=PersonOut, tags=["people"])
async def get_person(person_id: UUID, principal: Reader, uow: Uow) -> PersonOut:
    """What placements knows about the person and why they could not start a role now."""
    return PersonOut.of(await queries.get_person(uow, person_id, principal.subject))
