"""Request bodies of the staff API (pydantic, with OpenAPI examples): reception, referral,
consent and assessment (custody's are custody_requests.py). The domain checks the rules
(prison number and code, wing, dates, ranges) and says what is wrong."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from pathways.intake.domain.instruments import TopStage, TopSubstance
from pathways.intake.domain.reception import (
    Dependency,
    FirstNightPlacement,
    ReceptionReason,
    RiskLevel,
)
from pathways.intake.domain.referral import ConsentRecipient, ReferralSource, Substance, Urgency
from pathways.platform.inputs import (
    BoundedList,
    BoundedText,
    Day,
    Moment,
    Name,
    ShortText,
    SmallInt,
)

PrisonNumber = BoundedText(20)


def examples(*examples: dict) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


SCREENING_EXAMPLE = {
    "risk_to_self": "low",
    "dependency": "drugs",
    "placement": "detox_unit",
    "on_medication": True,
    "learning_needs": False,
    "next_of_kin_recorded": True,
}


class ScreeningIn(BaseModel):
    model_config = examples(SCREENING_EXAMPLE)
    risk_to_self: RiskLevel
    dependency: Dependency
    placement: FirstNightPlacement
    on_medication: bool = False
    learning_needs: bool = False
    next_of_kin_recorded: bool = False


class ReceptionIn(BaseModel):
    model_config = examples(
        {
            "prison_number": "A1234BC",
            "prison_code": "BAI",
            "given_name": "John",
            "family_name": "Smith",
            "date_of_birth": "1988-04-02",
            "wing": "HB3",
            "received_at": "2026-11-27T18:40:00+00:00",
            "reason": "new_admission",
            "screening": SCREENING_EXAMPLE,
        }
    )
    prison_number: PrisonNumber = Field(
        description="NOMIS number: one letter, four digits, two letters"
    )
    prison_code: ShortText = Field(description="Prison code from GET /prisons, e.g. BAI (Belmarsh)")
    received_at: Moment = Field(description="When the person arrived (with UTC offset)")
    reason: ReceptionReason = ReceptionReason.NEW_ADMISSION
    given_name: Name | None = None
    family_name: Name | None = None
    date_of_birth: Day | None = None
    wing: ShortText | None = Field(default=None, description="Wing or cell location, e.g. HB3")
    category: ShortText | None = Field(default=None, description="Security category, e.g. B or D")
    screening: ScreeningIn | None = Field(default=None, description="First-night screening")


class ReceptionDetailsIn(BaseModel):
    model_config = examples(
        {"given_name": "John", "family_name": "Smith", "date_of_birth": "1988-04-02", "wing": "HB3"}
    )
    given_name: Name | None = None
    family_name: Name | None = None
    date_of_birth: Day | None = None
    wing: ShortText | None = None
    screening: ScreeningIn | None = None


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recipient: ConsentRecipient
    granted: bool
    recorded_on: Day | None = Field(default=None, description="Defaults to the referral date")


class ReferralIn(BaseModel):
    model_config = examples(
        {
            "referred_on": "2026-11-27",
            "source": "reception_screening",
            "substances": ["opiates", "crack"],
            "urgency": "urgent",
            "consents": [
                {"recipient": "mentoring", "granted": True},
                {"recipient": "family", "granted": False},
            ],
        }
    )
    referred_on: Day
    source: ReferralSource
    substances: BoundedList(Substance, 20, min_length=1)
    urgency: Urgency = Urgency.ROUTINE
    consents: BoundedList(ConsentIn, 10) = []
    referral_id: uuid.UUID | None = Field(default=None, description="Client id (idempotency)")


class ConsentChangeIn(BaseModel):
    model_config = examples(
        {"consents": [{"recipient": "mentoring", "granted": False, "recorded_on": "2026-11-30"}]}
    )
    consents: BoundedList(ConsentIn, 10, min_length=1)


class TopIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: TopStage
    days_used: dict[TopSubstance, SmallInt] = Field(default_factory=dict)
    injecting_days: SmallInt = 0
    shared_injecting_equipment: bool = False
    crime_days: SmallInt = 0
    psychological_health: SmallInt = 0
    physical_health: SmallInt = 0
    quality_of_life: SmallInt = 0
    housing_problem: bool = False


class AssessmentIn(BaseModel):
    model_config = examples(
        {
            "assessed_on": "2026-11-27",
            "barc10": [5, 4, 5, 6, 4, 5, 3, 4, 5, 6],
            "top": {
                "stage": "start",
                "days_used": {"opiates": 12, "crack": 4},
                "psychological_health": 9,
                "physical_health": 11,
                "quality_of_life": 8,
            },
            "clean_since": "2026-06-01",
        }
    )
    assessed_on: Day
    barc10: BoundedList(SmallInt, 50) | None = Field(
        default=None, description="Ten answers, each 1-6"
    )
    top: TopIn | None = None
    clean_since: Day | None = None
    assessment_id: uuid.UUID | None = Field(default=None, description="Client id (idempotency)")
