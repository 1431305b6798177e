"""Follow-up tasks around a release: owner, due date, completion with outcome, overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.family.domain.contacts import ContactOutcome
from pathways.platform.checks import not_in_future, require_text, to_enum
from pathways.platform.errors import Conflict, InvalidInput


class TaskKind(StrEnum):
    """The follow-up kinds of the contract (`family.followup.scheduled.v1`)."""

    PRE_RELEASE_MEETING = "pre_release_meeting"
    RELEASE_DAY_CONTACT = "release_day_contact"
    DAY_7_CHECK = "day_7_check"
    DAY_28_CHECK = "day_28_check"


POST_RELEASE_KINDS: tuple[TaskKind, ...] = (
    TaskKind.RELEASE_DAY_CONTACT,
    TaskKind.DAY_7_CHECK,
    TaskKind.DAY_28_CHECK,
)


class CancelReason(StrEnum):
    """Why an open task was cancelled (the contract's FollowUpCancelReason values)."""

    RECALLED = "recalled"  # received back after the release (readmission)
    NEW_CUSTODY_PERIOD = "new_custody_period"  # received back after the release, new charge
    RELEASE_CANCELLED = "release_cancelled"
    RELEASE_RESCHEDULED = "release_rescheduled"
    CASE_CHANGED = "case_changed"
    RELEASED = "released"
    CONSENT_WITHDRAWN = "consent_withdrawn"  # the person withdrew consent to family work


class TaskStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks a list holds: those matching every field given (`due_before` is exclusive;
    `prisons`, the caller's caseload, is matched through the people's prisons)."""

    person_id: UUID | None = None
    status: TaskStatus | None = None
    due_before: date | None = None
    owner: str | None = None
    prisons: frozenset[str] | None = None


@dataclass
class FollowUpTask:
    """One follow-up. `period` is the custody period it belongs to (see plan.FollowUpPlan)."""

    case_id: UUID
    person_id: UUID
    kind: TaskKind
    owner: str
    due_on: date
    period: int = 0
    status: TaskStatus = TaskStatus.OPEN
    completed_on: date | None = None
    outcome: ContactOutcome | None = None
    cancel_reason: str | None = None
    task_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = TaskKind(self.kind)
        self.status = TaskStatus(self.status)
        self.owner = require_text(self.owner, "owner")

    @property
    def is_open(self) -> bool:
        return self.status is TaskStatus.OPEN

    def is_overdue(self, today: date) -> bool:
        """Open and its due date has passed (a task due today is not yet overdue)."""
        return self.is_open and self.due_on < today

    def complete(self, completed_on: date, outcome: ContactOutcome, today: date) -> None:
        """Close the task with an outcome; a completed or cancelled task cannot be completed."""
        if self.status is TaskStatus.COMPLETED:
            raise Conflict(
                f"task {self.task_id} ({self.kind.value}) was already completed on "
                f"{self.completed_on}",
                code="task_already_completed",
            )
        if self.status is TaskStatus.CANCELLED:
            raise Conflict(
                f"task {self.task_id} ({self.kind.value}) was cancelled ({self.cancel_reason}) "
                "and cannot be completed",
                code="task_cancelled",
            )
        not_in_future(completed_on, today, "completed_on")
        if outcome is None:
            raise InvalidInput("completing a task needs an outcome", code="outcome_required")
        self.outcome = to_enum(ContactOutcome, outcome, "outcome")
        self.status = TaskStatus.COMPLETED
        self.completed_on = completed_on

    def cancel(self, reason: CancelReason | str) -> None:
        """Cancel an open task (re-planning only; callers check `is_open` first)."""
        self.status = TaskStatus.CANCELLED
        self.cancel_reason = reason


def overdue_tasks(
    tasks: Iterable[FollowUpTask], today: date, owner: str | None = None
) -> list[FollowUpTask]:
    """Overdue tasks (optionally of one owner), most overdue first."""
    found = [t for t in tasks if t.is_overdue(today) and (owner is None or t.owner == owner)]
    return sorted(found, key=lambda t: (t.due_on, t.kind.value))
