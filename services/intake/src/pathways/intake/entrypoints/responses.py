"""Response bodies of the staff API and how a Person becomes one (days clean computed here)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from pathways.intake.adapters.records_json import screening_to_json, top_to_json
from pathways.intake.domain.assessments import Assessment
from pathways.intake.domain.custody import TemporaryAbsence
from pathways.intake.domain.person import Person
from pathways.intake.domain.prisons import PRISONS
from pathways.intake.domain.referral import Referral
from pathways.platform import clock
from pathways.platform.api_docs import ErrorBody


class AbsenceOut(BaseModel):
    absence_id: uuid.UUID
    kind: str
    starts_at: datetime
    ends_at: datetime = Field(description="Planned return")
    ended_at: datetime | None = Field(description="Actual return (null while away)")


class ConsentOut(BaseModel):
    recipient: str
    granted: bool
    recorded_on: date


class ReferralOut(BaseModel):
    referral_id: uuid.UUID
    referred_on: date
    source: str
    substances: list[str]
    urgency: str
    consents: list[ConsentOut]


class AssessmentOut(BaseModel):
    assessment_id: uuid.UUID
    assessed_on: date
    barc10: list[int] | None
    barc10_total: int | None
    barc10_predicts_sustained_remission: bool | None
    top: dict[str, Any] | None
    clean_since: date | None


class ReleasePlanOut(BaseModel):
    expected_on: date
    release_type: str


class PersonSummary(BaseModel):
    person_id: uuid.UUID
    prison_number: str
    given_name: str | None
    family_name: str | None
    status: str = Field(description="in_custody | on_temporary_absence | released")
    prison_code: str
    prison_name: str | None
    wing: str | None
    category: str | None
    received_at: datetime
    released_at: datetime | None


class PersonOut(PersonSummary):
    date_of_birth: date | None
    last_movement_at: datetime
    screening: dict[str, Any] | None
    release_plan: ReleasePlanOut | None
    temporary_absences: list[AbsenceOut]
    referrals: list[ReferralOut]
    assessments: list[AssessmentOut] = Field(description="Latest first")
    clean_since: date | None
    days_clean: int | None = Field(description="Computed from the latest clean-since date")


class PersonPage(BaseModel):
    items: list[PersonSummary]
    total: int
    limit: int
    offset: int


class ReceptionOut(PersonOut):
    readmitted: bool = Field(description="True when a released person known already returned")


ErrorOut = ErrorBody  # every refusal: the chassis's one error body


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid bearer token"},
    403: {"description": "The token lacks the role intake (or intake:read for reads)"},
    404: {"model": ErrorOut, "description": "No such person (or absence)"},
    409: {"model": ErrorOut, "description": "Clashes with the current state; nothing changed"},
    422: {"model": ErrorOut, "description": "Invalid input; nothing changed"},
}


class PrisonOut(BaseModel):
    code: str
    name: str


def absence_out(a: TemporaryAbsence) -> AbsenceOut:
    return AbsenceOut(
        absence_id=a.absence_id,
        kind=a.kind.value,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        ended_at=a.ended_at,
    )


def referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        referral_id=r.referral_id,
        referred_on=r.referred_on,
        source=r.source.value,
        substances=[s.value for s in r.substances],
        urgency=r.urgency.value,
        consents=[
            ConsentOut(recipient=c.recipient.value, granted=c.granted, recorded_on=c.recorded_on)
            for c in r.consents
        ],
    )


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        assessment_id=a.assessment_id,
        assessed_on=a.assessed_on,
        barc10=list(a.barc10.answers) if a.barc10 else None,
        barc10_total=a.barc10_total,
        barc10_predicts_sustained_remission=(
            a.barc10.predicts_sustained_remission if a.barc10 else None
        ),
        top=top_to_json(a.top) if a.top else None,
        clean_since=a.clean_since,
    )


def summary_fields(p: Person) -> dict[str, Any]:
    return {
        "person_id": p.person_id,
        "prison_number": p.prison_number,
        "given_name": p.name.given_name if p.name else None,
        "family_name": p.name.family_name if p.name else None,
        "status": p.status.value,
        "prison_code": p.prison_code,
        "prison_name": PRISONS.get(p.prison_code),
        "wing": p.wing,
        "category": p.category.value if p.category else None,
        "received_at": p.received_at,
        "released_at": p.released_at,
    }


def person_fields(p: Person) -> dict[str, Any]:
    history = p.assessment_history
    plan = p.release_plan
    return {
        **summary_fields(p),
        "date_of_birth": p.date_of_birth,
        "last_movement_at": p.last_movement_at,
        "screening": screening_to_json(p.screening) if p.screening else None,
        "release_plan": (
            ReleasePlanOut(expected_on=plan.expected_on, release_type=plan.release_type.value)
            if plan
            else None
        ),
        "temporary_absences": [absence_out(a) for a in p.absences],
        "referrals": [referral_out(r) for r in p.referrals],
        "assessments": [assessment_out(a) for a in history],
        "clean_since": next((a.clean_since for a in history if a.clean_since), None),
        "days_clean": p.days_clean(clock.today()),
    }


def person_out(p: Person) -> PersonOut:
    return PersonOut(**person_fields(p))
