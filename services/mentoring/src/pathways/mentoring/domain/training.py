"""Training facts for mentors: cohorts, the award, and validation of mentor input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pathways.mentoring.domain.vocabulary import ALL_MODULES, MentorStatusReason, Module
from pathways.platform.errors import InvalidInput

DEFAULT_AWARD = "OCN Level 2 Diploma in Peer Mentoring"
DEFAULT_CAPACITY = 3
MAX_CAPACITY = 10


@dataclass(frozen=True)
class TrainingCohort:
    """A six-week training group, e.g. 'Spring 2026 cohort'."""

    cohort_id: UUID
    name: str


@dataclass(frozen=True)
class Qualification:
    award: str
    awarded_on: date


def valid_capacity(value: int) -> int:
    """Mentees a mentor may support at once (1 to MAX_CAPACITY)."""
    if not 1 <= value <= MAX_CAPACITY:
        raise InvalidInput(
            f"capacity {value} must be between 1 and {MAX_CAPACITY} mentees",
            code="invalid_capacity",
        )
    return value


def valid_module(value: Module | str) -> Module:
    """One of the four course modules, by contract name."""
    try:
        return Module(value)
    except ValueError:
        known = ", ".join(ALL_MODULES)
        raise InvalidInput(
            f"unknown module {value!r}; expected one of {known}", code="unknown_module"
        ) from None


def valid_reason(
    value: MentorStatusReason | str, allowed: frozenset[MentorStatusReason], what: str
) -> MentorStatusReason:
    """A status reason allowed for this change (`what` names it in the error)."""
    try:
        reason = MentorStatusReason(value)
    except ValueError:
        reason = None
    if reason not in allowed:
        known = ", ".join(sorted(allowed))
        raise InvalidInput(
            f"{value!r} is not a {what} reason; expected one of {known}",
            code=f"invalid_{what}_reason",
        )
    return reason
