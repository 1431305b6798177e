"""Request bodies of the staff API (pydantic, with OpenAPI examples). The domain checks the
rules (prison number and code, wing, dates, ranges) and says what is wrong."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from pathways.intake.domain.custody import ReleaseType, TemporaryAbsenceKind
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


def _examples(*examples: dict) -> ConfigDict:
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
    model_config = _examples(SCREENING_EXAMPLE)
    risk_to_self: RiskLevel
    dependency: Dependency
    placement: FirstNightPlacement
    on_medication: bool = False
    learning_needs: bool = False
    next_of_kin_recorded: bool = False


class ReceptionIn(BaseModel):
    model_config = _examples(
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
    model_config = _examples(
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
    model_config = _examples(
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
    model_config = _examples(
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
    model_config = _examples(
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


class ReleasePlanIn(BaseModel):
    model_config = _examples({"expected_on": "2027-03-14", "release_type": "conditional_release"})
    expected_on: Day
    release_type: ReleaseType


class ReleaseCancellationIn(BaseModel):
    model_config = _examples({"reason": "parole_refused"})
    reason: str = Field(
        min_length=1,
        max_length=60,
        pattern=r"^[a-z_]+$",
        description="A code, not free text: e.g. parole_refused, recalled, new_charges",
    )


class ReleaseIn(BaseModel):
    model_config = _examples(
        {
            "released_at": "2027-03-14T09:05:00+00:00",
            "release_type": "conditional_release",
            "destination_area": "Southwark",
        }
    )
    released_at: Moment
    release_type: ReleaseType | None = Field(default=None, description="Default: the plan's")
    destination_area: ShortText | None = Field(default=None, description="Local authority area")


class TransferIn(BaseModel):
    model_config = _examples(
        {"to_prison_code": "HOI", "transferred_at": "2026-12-01T10:00:00+00:00", "wing": "A"}
    )
    to_prison_code: ShortText
    transferred_at: Moment
    wing: ShortText | None = None


class LocationIn(BaseModel):
    model_config = _examples({"location": "B", "changed_at": "2026-12-01T10:00:00+00:00"})
    location: BoundedText(40, min_length=1) = Field(description="the wing or unit moved to")
    changed_at: Moment


class RecategorisationIn(BaseModel):
    model_config = _examples({"category": "D"})
    category: ShortText = Field(description="A, A_HIGH, B, C, D, FEMALE_OPEN, YOI_OPEN …")


class TemporaryAbsenceIn(BaseModel):
    model_config = _examples(
        {
            "kind": "rotl_day",
            "starts_at": "2026-12-02T08:00:00+00:00",
            "ends_at": "2026-12-02T18:00:00+00:00",
        }
    )
    kind: TemporaryAbsenceKind
    starts_at: Moment
    ends_at: Moment = Field(description="Planned return")
    absence_id: uuid.UUID | None = Field(default=None, description="Client id (idempotency)")


class AbsenceEndIn(BaseModel):
    model_config = _examples({"ended_at": "2026-12-02T17:40:00+00:00"})
    ended_at: Moment = Field(description="Actual return")
