"""The Mentor aggregate: training, qualification and the active/suspended/left lifecycle
(mentor_lifecycle.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.domain.events import (
    DomainEvent,
    MentorEnrolled,
    MentorModuleCompleted,
    MentorQualified,
)
from pathways.mentoring.domain.mentor_lifecycle import MentorLifecycle
from pathways.mentoring.domain.training import (
    DEFAULT_AWARD,
    DEFAULT_CAPACITY,
    Qualification,
    TrainingCohort,
    check_course_finished,
    check_module_after_enrolment,
    valid_capacity,
    valid_module,
)
from pathways.mentoring.domain.vocabulary import (
    ALL_MODULES,
    MentorStatus,
    MentorStatusReason,
    Module,
    Slot,
)
from pathways.platform.errors import Conflict, InvalidInput


@dataclass
class Mentor(MentorLifecycle):
    """A prisoner in recovery who trains, qualifies and then supports new arrivals."""

    mentor_id: UUID
    person_id: UUID
    prison_code: str
    cohort: TrainingCohort | None
    wing: str | None = None
    languages: frozenset[str] = frozenset()
    lived_experience: frozenset[str] = frozenset()
    availability: frozenset[Slot] = frozenset()
    capacity: int = DEFAULT_CAPACITY
    status: MentorStatus = MentorStatus.CANDIDATE
    status_reason: MentorStatusReason | None = None
    modules_completed: dict[Module, date] = field(default_factory=dict)
    qualification: Qualification | None = None
    enrolled_on: date | None = None  # None only for mentors recorded before it was kept
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def enrol(
        cls,
        *,
        person_id: UUID,
        prison_code: str,
        at: datetime,
        cohort: TrainingCohort | None = None,
        wing: str | None = None,
        languages: Iterable[str] = (),
        lived_experience: Iterable[str] = (),
        availability: Iterable[Slot] = (),
        capacity: int = DEFAULT_CAPACITY,
        mentor_id: UUID | None = None,
        enrolled_on: date | None = None,
    ) -> Mentor:
        """Enrol a person (on `enrolled_on`, default the day of `at`): in a cohort they are
        `in_training`, otherwise a `candidate`."""
        mentor = cls(
            mentor_id=mentor_id or uuid4(),
            person_id=person_id,
            prison_code=v.prison_code(prison_code),
            cohort=cohort,
            wing=v.wing(wing),
            languages=v.languages(languages),
            lived_experience=v.substances(lived_experience),
            availability=frozenset(Slot(s) for s in availability),
            capacity=valid_capacity(capacity),
            status=MentorStatus.IN_TRAINING if cohort else MentorStatus.CANDIDATE,
            status_reason=MentorStatusReason.ENROLLED,
            enrolled_on=enrolled_on or at.date(),
        )
        mentor.events.append(
            MentorEnrolled(
                mentor.mentor_id,
                person_id,
                mentor.prison_code,
                cohort.cohort_id if cohort else None,
                v.aware(at, "enrolment time"),
            )
        )
        return mentor

    @property
    def is_qualified(self) -> bool:
        return self.qualification is not None

    @property
    def missing_modules(self) -> tuple[Module, ...]:
        return tuple(m for m in ALL_MODULES if m not in self.modules_completed)

    def remaining_capacity(self, load: int) -> int:
        """Free places given `load` open matches (never negative)."""
        return max(self.capacity - load, 0)

    # -- training -------------------------------------------------------------------------

    def join_cohort(self, cohort: TrainingCohort, at: datetime) -> None:
        """A candidate starts the course with `cohort`."""
        if self.status is not MentorStatus.CANDIDATE:
            raise Conflict(
                f"mentor {self.mentor_id} is {self.status}; only a candidate can join a cohort",
                code="mentor_not_candidate",
            )
        self.cohort = cohort
        self._change_status(MentorStatus.IN_TRAINING, MentorStatusReason.ENROLLED, at)

    def complete_module(self, module: Module | str, completed_on: date) -> None:
        """Record one module as completed; completing the same module twice is a Conflict."""
        module = valid_module(module)
        if self.status is not MentorStatus.IN_TRAINING:
            raise Conflict(
                f"mentor {self.mentor_id} is {self.status}; modules are completed in training",
                code="mentor_not_in_training",
            )
        if module in self.modules_completed:
            raise Conflict(
                f"module {module} was already completed on {self.modules_completed[module]}",
                code="module_already_completed",
            )
        check_module_after_enrolment(self.enrolled_on, completed_on)
        self.modules_completed[module] = completed_on
        self.events.append(
            MentorModuleCompleted(self.mentor_id, self.person_id, module.value, completed_on)
        )

    def qualify(self, awarded_on: date, *, at: datetime, award: str = DEFAULT_AWARD) -> None:
        """Award the qualification (recorded at `at`); every module must be complete first."""
        if self.qualification is not None:
            raise Conflict(
                f"mentor {self.mentor_id} already qualified on {self.qualification.awarded_on}",
                code="already_qualified",
            )
        if self.status is not MentorStatus.IN_TRAINING:
            raise Conflict(
                f"mentor {self.mentor_id} is {self.status}; only a mentor in training qualifies",
                code="mentor_not_in_training",
            )
        if missing := self.missing_modules:
            raise InvalidInput(
                "cannot qualify: modules not completed: " + ", ".join(missing),
                code="modules_incomplete",
            )
        if not award.strip():
            raise InvalidInput("award must not be blank", code="invalid_award")
        last_module_on = max(self.modules_completed.values())
        if awarded_on < last_module_on:
            raise InvalidInput(
                f"award date {awarded_on} is before the last module completed on {last_module_on}",
                code="award_before_modules",
            )
        check_course_finished(self.cohort, awarded_on)
        self.qualification = Qualification(award.strip(), awarded_on)
        self.events.append(
            MentorQualified(self.mentor_id, self.person_id, self.qualification.award, awarded_on)
        )
        self._change_status(MentorStatus.QUALIFIED, MentorStatusReason.QUALIFIED, at)

    def update_profile(
        self,
        *,
        wing: str | None = None,
        languages: Iterable[str] | None = None,
        lived_experience: Iterable[str] | None = None,
        availability: Iterable[Slot] | None = None,
        capacity: int | None = None,
    ) -> None:
        """Change matching facts; arguments left as None stay as they are."""
        if wing is not None:
            self.wing = v.wing(wing)
        if languages is not None:
            self.languages = v.languages(languages)
        if lived_experience is not None:
            self.lived_experience = v.substances(lived_experience)
        if availability is not None:
            self.availability = frozenset(Slot(s) for s in availability)
        if capacity is not None:
            self.capacity = valid_capacity(capacity)
