"""The Mentor aggregate: training, qualification and the active/suspended/left lifecycle."""

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
    MentorStatusChanged,
)
from pathways.mentoring.domain.training import (
    DEFAULT_AWARD,
    DEFAULT_CAPACITY,
    Qualification,
    TrainingCohort,
    check_course_finished,
    check_module_after_enrolment,
    valid_capacity,
    valid_module,
    valid_reason,
)
from pathways.mentoring.domain.vocabulary import (
    ALL_MODULES,
    LEAVING_REASONS,
    SUSPENSION_REASONS,
    MentorStatus,
    MentorStatusReason,
    Module,
    Slot,
)
from pathways.platform.errors import Conflict, InvalidInput

#: A mentor who left for one of these comes back with the person's next custody.
_CUSTODY_DEPARTURES = frozenset({MentorStatusReason.RELEASED, MentorStatusReason.TRANSFERRED})


@dataclass
class Mentor:
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

    # -- lifecycle ------------------------------------------------------------------------

    def activate(self, at: datetime) -> None:
        """A qualified mentor starts taking mentees."""
        self._require(MentorStatus.QUALIFIED, "activate")
        self._change_status(MentorStatus.ACTIVE, MentorStatusReason.ACTIVATED, at)

    def suspend(self, reason: MentorStatusReason | str, at: datetime) -> None:
        """Pause an active mentor (their matches end; see rematching)."""
        reason = valid_reason(reason, SUSPENSION_REASONS, "suspension")
        self._require(MentorStatus.ACTIVE, "suspend")
        self._change_status(MentorStatus.SUSPENDED, reason, at)

    def reinstate(self, at: datetime) -> None:
        """A suspended mentor becomes active again."""
        self._require(MentorStatus.SUSPENDED, "reinstate")
        self._change_status(MentorStatus.ACTIVE, MentorStatusReason.REINSTATED, at)

    def leave(self, reason: MentorStatusReason | str, at: datetime) -> None:
        """The person leaves the scheme (released, transferred, conduct, own request)."""
        reason = valid_reason(reason, LEAVING_REASONS, "leaving")
        if self.status is MentorStatus.LEFT:
            raise Conflict(f"mentor {self.mentor_id} has already left", code="mentor_already_left")
        self._change_status(MentorStatus.LEFT, reason, at)

    # -- custody (the training and the qualification belong to the person) ---------------

    def moved_prison(
        self, prison_code: str, wing: str | None, at: datetime, reason: MentorStatusReason
    ) -> None:
        """In custody at `prison_code` (a transfer, or a reception that starts a new custody
        period). A qualified mentor is `qualified` there, not active until a coordinator
        activates them; training carries on. One who left unqualified, or for another reason
        than a release or transfer, stays left (enrolling again keeps their modules)."""
        if self.status is MentorStatus.LEFT and (
            not self.is_qualified or self.status_reason not in _CUSTODY_DEPARTURES
        ):
            return
        moved = self.prison_code != prison_code
        self.prison_code, self.wing = v.prison_code(prison_code), v.wing(wing)
        status = self.status
        if self.is_qualified and self.status is not MentorStatus.SUSPENDED:
            status = MentorStatus.QUALIFIED
        if moved or status is not self.status:
            self._change_status(status, reason, at)

    def rejoin(self, prison_code: str, at: datetime, cohort: TrainingCohort | None) -> None:
        """Enrolled again after leaving: modules and qualification are kept."""
        if self.status is not MentorStatus.LEFT:
            raise Conflict(
                f"person {self.person_id} is already enrolled as mentor {self.mentor_id}",
                code="already_enrolled",
            )
        self.prison_code = v.prison_code(prison_code)
        if self.is_qualified:
            status = MentorStatus.QUALIFIED
        else:
            self.cohort = cohort or self.cohort
            status = MentorStatus.IN_TRAINING if cohort else MentorStatus.CANDIDATE
        self._change_status(status, MentorStatusReason.REJOINED, at)

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

    def _require(self, status: MentorStatus, action: str) -> None:
        if self.status is not status:
            raise Conflict(
                f"cannot {action} mentor {self.mentor_id}: status is {self.status}, "
                f"must be {status}",
                code=f"cannot_{action}_mentor",
            )

    def _change_status(
        self, status: MentorStatus, reason: MentorStatusReason, at: datetime
    ) -> None:
        self.status, self.status_reason = status, reason
        self.events.append(
            MentorStatusChanged(
                self.mentor_id, self.person_id, status.value, reason.value, v.aware(at, "time")
            )
        )
