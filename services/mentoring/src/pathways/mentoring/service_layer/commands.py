"""Commands: what a staff member asks the service to do (validated by the domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from uuid import UUID

from pathways.mentoring.domain import DEFAULT_AWARD, DEFAULT_CAPACITY, Slot

StatusAction = Literal["activate", "suspend", "reinstate", "leave"]


@dataclass(frozen=True)
class EnrolMentor:
    actor: str
    person_id: UUID
    prison_code: str
    cohort_name: str | None = None
    cohort_id: UUID | None = None
    wing: str | None = None
    languages: tuple[str, ...] = ()
    lived_experience: tuple[str, ...] = ()
    availability: tuple[Slot, ...] = ()
    capacity: int = DEFAULT_CAPACITY
    enrolled_on: date | None = None  # default: today


@dataclass(frozen=True)
class CreateCohort:
    actor: str
    name: str
    prison_code: str
    starts_on: date


@dataclass(frozen=True)
class CompleteModule:
    actor: str
    mentor_id: UUID
    module: str
    completed_on: date


@dataclass(frozen=True)
class Qualify:
    actor: str
    mentor_id: UUID
    awarded_on: date
    award: str = DEFAULT_AWARD


@dataclass(frozen=True)
class ChangeMentorStatus:
    actor: str
    mentor_id: UUID
    action: StatusAction
    reason: str | None = None


@dataclass(frozen=True)
class UpdateProfile:
    """Matching facts of a mentor; None leaves a field as it is."""

    actor: str
    mentor_id: UUID
    wing: str | None = None
    languages: tuple[str, ...] | None = None
    lived_experience: tuple[str, ...] | None = None
    availability: tuple[Slot, ...] | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class RecordNonAssociation:
    actor: str
    first_person_id: UUID
    second_person_id: UUID


@dataclass(frozen=True)
class MakeMatch:
    """A coordinator pairs a mentor with a waiting mentee by hand (checked like any match)."""

    actor: str
    mentor_id: UUID
    mentee_person_id: UUID
    made_on: date | None = None  # recorded after the fact: the day it began (default today)


@dataclass(frozen=True)
class DecideProposal:
    actor: str
    match_id: UUID
    approved: bool
    made_on: date | None = None  # approved after the fact: the day the match began


@dataclass(frozen=True)
class EndMatch:
    actor: str
    match_id: UUID
    reason: str


@dataclass(frozen=True)
class LogSession:
    actor: str
    match_id: UUID
    kind: str
    held_on: date
    minutes: int
    notes: str = field(default="", repr=False)
