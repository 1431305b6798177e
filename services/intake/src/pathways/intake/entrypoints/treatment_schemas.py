"""Request and response bodies of the community-treatment routes (issue 16)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from pathways.intake.domain.treatment import TreatmentHandover, TreatmentOutcome
from pathways.platform.inputs import BoundedText, Day, Name, ShortText

ProviderCode = BoundedText(20, min_length=2, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def _example(example: dict) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


class ProviderIn(BaseModel):
    model_config = _example(
        {
            "provider_code": "CGL-SOUTHWARK",
            "name": "Change Grow Live Southwark",
            "local_authority": "Southwark",
            "active": True,
        }
    )
    provider_code: ProviderCode
    name: Name = Field(min_length=1)
    local_authority: ShortText = Field(min_length=1, description="the area it serves")
    active: bool = True


class ProviderOut(BaseModel):
    provider_code: str
    name: str
    local_authority: str
    active: bool


class TreatmentReferralIn(BaseModel):
    model_config = _example(
        {"referred_on": "2027-03-01", "destination_area": "Southwark", "appointment_on": None}
    )
    referred_on: Day
    provider_code: ProviderCode | None = Field(
        default=None, description="the provider; default: the active one for destination_area"
    )
    destination_area: ShortText | None = Field(
        default=None, min_length=1, description="local authority area the person goes to"
    )
    appointment_on: Day | None = Field(default=None, description="first appointment offered")
    handover_id: uuid.UUID | None = Field(default=None, description="Client id (idempotency)")


class AppointmentIn(BaseModel):
    model_config = _example({"appointment_on": "2027-03-20"})
    appointment_on: Day


class TreatmentOutcomeIn(BaseModel):
    model_config = _example({"outcome": "attended", "on": "2027-03-20"})
    outcome: TreatmentOutcome
    on: Day = Field(description="the day attended, missed or declined")


class HandoverOut(BaseModel):
    handover_id: uuid.UUID
    person_id: uuid.UUID
    prison_code: str
    provider_code: str
    referred_on: date
    appointment_on: date | None
    status: str = Field(description="referred (awaiting attendance), engaged or not_engaged")
    outcome: str | None
    outcome_on: date | None
    attended_on: date | None


def handover_out(h: TreatmentHandover) -> HandoverOut:
    return HandoverOut(
        handover_id=h.handover_id,
        person_id=h.person_id,
        prison_code=h.prison_code,
        provider_code=h.provider_code,
        referred_on=h.referred_on,
        appointment_on=h.appointment_on,
        status=h.status.value,
        outcome=h.outcome.value if h.outcome else None,
        outcome_on=h.outcome_on,
        attended_on=h.attended_on,
    )
