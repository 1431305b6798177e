"""Request and response bodies of the staff API (with OpenAPI examples)."""

from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.mentoring.domain import Slot

T = TypeVar("T")
PERSON = "6f1c2b9e-3d4a-4c1e-9a57-0d9b8e2f4a11"
MENTOR = "2b7e4c1a-9f3d-4e6b-8a2c-5d1f0e9b7c33"
MATCH = "8d3a1f5c-2e7b-4c9d-a6f0-1b4e7c2d9a55"


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "person_id": PERSON,
                    "prison_code": "BAI",
                    "cohort": "Spring 2026",
                    "wing": "A",
                    "languages": ["English", "Polish"],
                    "lived_experience": ["opiates", "alcohol"],
                    "availability": ["morning", "afternoon"],
                    "capacity": 3,
                }
            ]
        },
    )
    person_id: UUID
    prison_code: str = Field(pattern=r"^[A-Z]{3}$")
    cohort: str | None = Field(default=None, max_length=100, description="training cohort name")
    cohort_id: UUID | None = Field(default=None, description="a cohort made with POST /cohorts")
    enrolled_on: date | None = Field(default=None, description="default today; not in future")
    wing: str | None = Field(default=None, max_length=40)
    languages: list[str] = Field(default_factory=list, max_length=20)
    lived_experience: list[str] = Field(default_factory=list, max_length=20)
    availability: list[Slot] = Field(default_factory=list)
    capacity: int = Field(default=3, ge=1, le=10)


class CohortRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Spring 2026", "prison_code": "BAI", "starts_on": "2026-03-02"}]
        },
    )
    name: str = Field(min_length=1, max_length=100)
    prison_code: str = Field(pattern=r"^[A-Z]{3}$")
    starts_on: date = Field(description="the first day of the six-week course")


class CohortEnrolRequest(Body):
    """Enrol a person in this cohort (at the cohort's prison)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"person_id": PERSON, "wing": "A", "capacity": 3}]},
    )
    person_id: UUID
    enrolled_on: date | None = Field(default=None, description="default today; not in future")
    wing: str | None = Field(default=None, max_length=40)
    languages: list[str] = Field(default_factory=list, max_length=20)
    lived_experience: list[str] = Field(default_factory=list, max_length=20)
    availability: list[Slot] = Field(default_factory=list)
    capacity: int = Field(default=3, ge=1, le=10)


class ProfileRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"wing": "C", "capacity": 4}]}
    )
    wing: str | None = Field(default=None, max_length=40)
    languages: list[str] | None = Field(default=None, max_length=20)
    lived_experience: list[str] | None = Field(default=None, max_length=20)
    availability: list[Slot] | None = None
    capacity: int | None = Field(default=None, ge=1, le=10)


class ModuleRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"completed_on": "2026-03-02"}]}
    )
    completed_on: date


class QualificationRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"awarded_on": "2026-03-20", "award": "OCN Level 2 Diploma in Peer Mentoring"}
            ]
        },
    )
    awarded_on: date
    award: str = Field(default="OCN Level 2 Diploma in Peer Mentoring", max_length=200)


class StatusRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"action": "suspend", "reason": "conduct"}]}
    )
    action: Literal["activate", "suspend", "reinstate", "leave"]
    reason: str | None = Field(
        default=None,
        description="suspend: conduct|safeguarding|health|own_request; "
        "leave: released|transferred|conduct|safeguarding|own_request",
    )


class NonAssociationRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"first_person_id": PERSON, "second_person_id": MENTOR}]},
    )
    first_person_id: UUID
    second_person_id: UUID


class MatchingRunRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"prison_code": "BAI"}]}
    )
    prison_code: str = Field(pattern=r"^[A-Z]{3}$")


class MakeMatchRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"mentor_id": MENTOR, "mentee_person_id": PERSON}]},
    )
    mentor_id: UUID
    mentee_person_id: UUID


class ApprovalRequest(Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"approved": True}]})
    approved: bool = True


class EndRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "completed"}]}
    )
    reason: str = Field(
        description="completed|mentee_declined|safeguarding|mentee_released|mentor_released|"
        "mentee_transferred|mentor_transferred|mentor_suspended|mentor_left"
    )


class SessionRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "first_night_visit",
                    "held_on": "2026-03-03",
                    "minutes": 30,
                    "notes": "settled in",
                }
            ]
        },
    )
    kind: str = Field(
        description="first_night_visit|one_to_one|group|harm_minimisation|relapse_prevention|release_preparation"
    )
    held_on: date
    minutes: int
    notes: str = ""
