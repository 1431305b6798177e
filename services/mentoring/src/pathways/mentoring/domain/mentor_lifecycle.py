"""A mentor's status over time: active, suspended, left, and what custody moves do to it
(the training and the qualification belong to the person, so they carry on)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.domain.events import DomainEvent, MentorStatusChanged
from pathways.mentoring.domain.training import TrainingCohort, valid_reason
from pathways.mentoring.domain.vocabulary import (
    LEAVING_REASONS,
    SUSPENSION_REASONS,
    MentorStatus,
    MentorStatusReason,
)
from pathways.platform.errors import Conflict

#: A mentor who left for one of these comes back with the person's next custody.
_CUSTODY_DEPARTURES = frozenset({MentorStatusReason.RELEASED, MentorStatusReason.TRANSFERRED})


class MentorLifecycle:
    """The status changes of `Mentor` (mentor.py), each recorded as MentorStatusChanged."""

    mentor_id: UUID
    person_id: UUID
    prison_code: str
    cohort: TrainingCohort | None
    wing: str | None
    status: MentorStatus
    status_reason: MentorStatusReason | None
    events: list[DomainEvent]
    is_qualified: bool  # Mentor's property

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
