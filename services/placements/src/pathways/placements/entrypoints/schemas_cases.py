"""Request and response bodies: people, referrals and offers."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.placements.domain import (
    CustodyStatus,
    DisclosureLevel,
    Ineligibility,
    OfferStatus,
    PersonState,
    Referral,
    ReferralStatus,
    RiskOutcome,
    Trigger,
    eligibility_reasons,
)
from pathways.platform.inputs import Day, Line

PERSON = "7d0c6f7e-3c1a-4f43-9a55-1f8f3a1b2c3d"


class ManualReferralIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"person_id": PERSON}]})
    person_id: UUID


class RiskAssessmentIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"outcome": "approved", "assessed_on": "2026-05-02"}]}
    )
    outcome: RiskOutcome
    assessed_on: Day | None = Field(None, description="Default: today")


class DisclosureCheckIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"level": "standard", "checked_on": "2026-05-03"}]}
    )
    level: DisclosureLevel
    checked_on: Day | None = Field(None, description="Default: today")


class OfferIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"opportunity_id": "3b2f0c1e-8a4d-4f5e-9c6b-2a1d0e9f8c7b"}]}
    )
    opportunity_id: UUID
    offered_on: Day | None = Field(None, description="Default: today")


class AnswerIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"answered_on": "2026-05-04"}]})
    answered_on: Day | None = Field(None, description="Default: today")


class CloseIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "person moved away"}]})
    reason: Line = Field(description="A short reason code, not case notes")


class OfferOut(BaseModel):
    offer_id: UUID
    opportunity_id: UUID
    offered_on: date
    status: OfferStatus
    answered_on: date | None


class ReferralOut(BaseModel):
    referral_id: UUID
    person_id: UUID
    trigger: Trigger
    status: ReferralStatus
    opened_on: date
    offers: list[OfferOut]
    placement_id: UUID | None
    closed_reason: str | None

    @classmethod
    def of(cls, r: Referral) -> ReferralOut:
        offers = [
            OfferOut(
                offer_id=o.offer_id,
                opportunity_id=o.opportunity_id,
                offered_on=o.offered_on,
                status=o.status,
                answered_on=o.answered_on,
            )
            for o in r.offers
        ]
        return cls(
            referral_id=r.referral_id,
            person_id=r.person_id,
            trigger=r.trigger,
            status=r.status,
            opened_on=r.opened_on,
            offers=offers,
            placement_id=r.placement_id,
            closed_reason=r.closed_reason,
        )


class PersonOut(BaseModel):
    """What placements knows about a person and whether they could start a role now."""

    person_id: UUID
    qualified_on: date | None
    custody_status: CustodyStatus
    released_at: datetime | None
    prison_code: str | None = Field(
        description="The prison the person is in custody at (or was last released from)"
    )
    on_rotl: bool
    risk_assessment: RiskOutcome | None
    risk_assessed_on: date | None
    disclosure_level: DisclosureLevel
    ineligible_because: list[Ineligibility] = Field(
        description="Reasons the person cannot take a role needing no disclosure (empty: can)"
    )

    @classmethod
    def of(cls, p: PersonState) -> PersonOut:
        risk = p.risk_assessment
        return cls(
            person_id=p.person_id,
            qualified_on=p.qualified_on,
            custody_status=p.status,
            released_at=p.release.released_at if p.release else None,
            prison_code=p.prison_code,
            on_rotl=p.status is CustodyStatus.ON_ROTL,
            risk_assessment=risk.outcome if risk else None,
            risk_assessed_on=risk.on if risk else None,
            disclosure_level=p.disclosure.level if p.disclosure else DisclosureLevel.NONE,
            ineligible_because=eligibility_reasons(p),
        )
