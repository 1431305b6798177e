"""Events published by mentoring on `pathways.mentoring` (contract.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from pathways.contracts.envelope import EventData


class Module(StrEnum):
    CONFLICT_RESOLUTION = "conflict_resolution"
    INTERPERSONAL_SKILLS = "interpersonal_skills"
    MENTORING_SKILLS = "mentoring_skills"
    DRUG_ALCOHOL_AWARENESS = "drug_alcohol_awareness"


class MentorEnrolled(EventData):
    event_type = "mentoring.mentor.enrolled.v1"
    mentor_id: UUID
    person_id: UUID
    prison_code: str


class MentorModuleCompleted(EventData):
    event_type = "mentoring.mentor.module_completed.v1"
    mentor_id: UUID
    person_id: UUID
    module: Module


class MentorQualified(EventData):
    event_type = "mentoring.mentor.qualified.v1"
    mentor_id: UUID
    person_id: UUID
    award: str
    awarded_on: date


class MentorStatusChanged(EventData):
    """A mentor's status. After a transfer or a reception that starts a new custody period a
    qualified mentor is `qualified` (reason `transferred` / `received`), not `active` until a
    coordinator activates them; the qualification belongs to the person and is never lost."""

    event_type = "mentoring.mentor.status_changed.v1"
    mentor_id: UUID
    person_id: UUID
    status: str = Field(description="candidate|in_training|qualified|active|suspended|left")
    reason: str | None = Field(
        default=None,
        description="enrolled|qualified|activated|reinstated|released|transferred|received|"
        "rejoined|conduct|safeguarding|health|own_request",
    )


class MatchMade(EventData):
    event_type = "mentoring.match.made.v1"
    key_field = "mentee_person_id"
    match_id: UUID
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    score: float
    made_on: date | None = Field(
        default=None,
        description="the day the match began (Europe/London): the day a coordinator gave "
        "for a match recorded after the fact, else the day it was made; absent only in events "
        "published before the field (take the CloudEvent time's day)",
    )


class MatchEnded(EventData):
    """`reason` as contract.md names it (`released` when either person is released,
    `transferred` when either moved prison, `new_custody_period` when a reception after a
    release closed a match of the old period, …); `detail` says exactly what happened (e.g.
    `mentor_released`)."""

    event_type = "mentoring.match.ended.v1"
    key_field = "mentee_person_id"
    match_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    reason: str
    detail: str | None = None
    ended_on: date | None = Field(
        default=None,
        description="the day the match ended (Europe/London): the release's, transfer's or "
        "reception's own day when custody ended it; absent: the CloudEvent time's day",
    )


class SessionLogged(EventData):
    event_type = "mentoring.session.logged.v1"
    key_field = "mentee_person_id"
    session_id: UUID
    match_id: UUID
    mentee_person_id: UUID
    kind: str
    held_on: date
    minutes: int = Field(gt=0)


EVENTS: tuple[type[EventData], ...] = (
    MentorEnrolled,
    MentorModuleCompleted,
    MentorQualified,
    MentorStatusChanged,
    MatchMade,
    MatchEnded,
    SessionLogged,
)
