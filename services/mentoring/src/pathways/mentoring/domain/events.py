"""Domain events recorded by the aggregates; the service maps them to contract.md types.

They are plain frozen dataclasses carrying only references and minimum facts (never notes).
`event_type` names the contract type a publisher should use (None: internal only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID


@dataclass(frozen=True)
class DomainEvent:
    event_type: ClassVar[str | None] = None


@dataclass(frozen=True)
class MentorEnrolled(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.mentor.enrolled.v1"
    mentor_id: UUID
    person_id: UUID
    prison_code: str
    cohort_id: UUID | None
    occurred_at: datetime


@dataclass(frozen=True)
class MentorModuleCompleted(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.mentor.module_completed.v1"
    mentor_id: UUID
    person_id: UUID
    module: str
    completed_on: date


@dataclass(frozen=True)
class MentorQualified(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.mentor.qualified.v1"
    mentor_id: UUID
    person_id: UUID
    award: str
    awarded_on: date


@dataclass(frozen=True)
class MentorStatusChanged(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.mentor.status_changed.v1"
    mentor_id: UUID
    person_id: UUID
    status: str
    reason: str | None
    occurred_at: datetime


@dataclass(frozen=True)
class MatchProposed(DomainEvent):
    """A pair awaits coordinator approval (internal: the contract has no such type)."""

    match_id: UUID
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    score: float
    occurred_at: datetime


@dataclass(frozen=True)
class MatchMade(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.match.made.v1"
    match_id: UUID
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    score: float
    occurred_at: datetime


@dataclass(frozen=True)
class MatchEnded(DomainEvent):
    """A match ended. `was_made` is False for a proposal that never became active."""

    event_type: ClassVar[str | None] = "mentoring.match.ended.v1"
    match_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    reason: str
    was_made: bool
    occurred_at: datetime


@dataclass(frozen=True)
class SessionLogged(DomainEvent):
    event_type: ClassVar[str | None] = "mentoring.session.logged.v1"
    session_id: UUID
    match_id: UUID
    mentee_person_id: UUID
    kind: str
    held_on: date
    minutes: int
