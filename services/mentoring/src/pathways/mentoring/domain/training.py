"""Training facts for mentors: cohorts, the award, and validation of mentor input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from pathways.mentoring.domain.vocabulary import MentorStatusReason, Module
from pathways.platform.checks import known
from pathways.platform.errors import InvalidInput

DEFAULT_AWARD = "OCN Level 2 Diploma in Peer Mentoring"
DEFAULT_CAPACITY = 3
MAX_CAPACITY = 10
COURSE_LENGTH = timedelta(weeks=6)


@dataclass(frozen=True)
class TrainingCohort:
    """A six-week training group, e.g. 'Spring 2026 cohort', starting on `starts_on`
    (None only for cohorts recorded before cohorts had a start date)."""

    cohort_id: UUID
    name: str
    starts_on: date | None = None
    prison_code: str | None = None

    @property
    def course_ends_on(self) -> date | None:
        return self.starts_on + COURSE_LENGTH if self.starts_on else None


def check_course_finished(cohort: TrainingCohort | None, awarded_on: date) -> None:
    """The course is six weeks: no qualification before six weeks since the cohort began."""
    ends_on = cohort.course_ends_on if cohort else None
    if ends_on is not None and awarded_on < ends_on:
        raise InvalidInput(
            f"the course is six weeks: cohort {cohort.name!r} began on {cohort.starts_on}, "
            f"so a qualification can be awarded from {ends_on}, not {awarded_on}",
            code="course_not_finished",
        )


def check_module_after_enrolment(enrolled_on: date | None, completed_on: date) -> None:
    """A module cannot be completed before the mentor was enrolled."""
    if enrolled_on is not None and completed_on < enrolled_on:
        raise InvalidInput(
            f"module dates cannot precede enrolment: completed on {completed_on}, "
            f"enrolled on {enrolled_on}",
            code="module_before_enrolment",
        )


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
    return known(Module, value, "module", "unknown_module")


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
