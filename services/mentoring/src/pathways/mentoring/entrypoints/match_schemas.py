"""Request bodies of the match routes (match_routes.py): non-associations, matching runs,
a coordinator's own match, approvals, endings and sessions."""

from __future__ import annotations

from uuid import UUID

from pydantic import ConfigDict, Field

from pathways.mentoring.entrypoints.schemas import MENTOR, PERSON, Body
from pathways.platform.inputs import BoundedText, Code, Day, Note, SmallInt


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
    prison_code: BoundedText(3, pattern=r"^[A-Z]{3}$")


MADE_ON = (
    "the day the match began, when recorded after the fact (Europe/London; default today): "
    "not in the future, not before the mentee's reception (or arrival at this prison), "
    "nor before the mentor's enrolment"
)


class MakeMatchRequest(Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"mentor_id": MENTOR, "mentee_person_id": PERSON}]},
    )
    mentor_id: UUID
    mentee_person_id: UUID
    made_on: Day | None = Field(None, description=MADE_ON)


class ApprovalRequest(Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"approved": True}]})
    approved: bool = True
    made_on: Day | None = Field(None, description=MADE_ON + " (only with approved: true)")


class EndRequest(Body):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "completed"}]}
    )
    reason: Code = Field(
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
    kind: Code = Field(
        description="first_night_visit|one_to_one|group|harm_minimisation|relapse_prevention|release_preparation"
    )
    held_on: Day
    minutes: SmallInt
    notes: Note = ""
