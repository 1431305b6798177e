"""Request and response bodies of the staff API (with OpenAPI examples); the match routes'
are match_schemas.py."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.mentoring.domain import Slot
from pathways.mentoring.service_layer.commands import EnrolMentor
from pathways.platform.inputs import (
    BoundedList,
    BoundedText,
    Code,
    Day,
    Name,
    ShortText,
)

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


class Enrolment(Body):
    """What every enrolment says of the mentor-to-be (the profile matching uses)."""

    person_id: UUID
    enrolled_on: Day | None = Field(default=None, description="default today; not in future")
    wing: BoundedText(40) | None = None
    languages: BoundedList(ShortText, 20) = []
    lived_experience: BoundedList(ShortText, 20) = []
    availability: BoundedList(Slot, 20) = []
    capacity: int = Field(default=3, ge=1, le=10)

    def command(
        self, actor: str, prison_code: str, cohort_id: UUID | None, cohort_name: str | None = None
    ) -> EnrolMentor:
        return EnrolMentor(
            actor=actor,
            person_id=self.person_id,
            prison_code=prison_code,
            cohort_name=cohort_name,
            cohort_id=cohort_id,
            wing=self.wing,
            languages=tuple(self.languages),
            lived_experience=tuple(self.lived_experience),
            availability=tuple(self.availability),
            capacity=self.capacity,
            enrolled_on=self.enrolled_on,
        )


class EnrolRequest(Enrolment):
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
    prison_code: BoundedText(3, pattern=r"^[A-Z]{3}$")
    cohort: ShortText | None = Field(default=None, description="training cohort name")
    cohort_id: UUID | None = Field(default=None, description="a cohort made with POST /cohorts")


class CohortRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Spring 2026", "prison_code": "BAI", "starts_on": "2026-03-02"}]
        },
    )
    name: BoundedText(100, min_length=1)
    prison_code: BoundedText(3, pattern=r"^[A-Z]{3}$")
    starts_on: Day = Field(description="the first day of the six-week course")


class CohortEnrolRequest(Enrolment):
    """Enrol a person in this cohort (at the cohort's prison)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"person_id": PERSON, "wing": "A", "capacity": 3}]},
    )


class ProfileRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"wing": "C", "capacity": 4}]}
    )
    wing: BoundedText(40) | None = None
    languages: BoundedList(ShortText, 20) | None = None
    lived_experience: BoundedList(ShortText, 20) | None = None
    availability: BoundedList(Slot, 20) | None = None
    capacity: int | None = Field(default=None, ge=1, le=10)


class ModuleRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"completed_on": "2026-03-02"}]}
    )
    completed_on: Day


class QualificationRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"awarded_on": "2026-03-20", "award": "OCN Level 2 Diploma in Peer Mentoring"}
            ]
        },
    )
    awarded_on: Day
    award: Name = "OCN Level 2 Diploma in Peer Mentoring"


class StatusRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"action": "suspend", "reason": "conduct"}]}
    )
    action: Literal["activate", "suspend", "reinstate", "leave"]
    reason: Code | None = Field(
        default=None,
        description="suspend: conduct|safeguarding|health|own_request; "
        "leave: released|transferred|conduct|safeguarding|own_request",
    )
