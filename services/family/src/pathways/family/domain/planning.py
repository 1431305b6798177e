"""Follow-up planning rules as pure functions of the current state.

Planning never looks at the order or number of events received: it compares the tasks the
current facts call for with the tasks that exist, so a release delivered twice, late, or
before the release-scheduled event still yields exactly one set of tasks.

Rules (per custody period, see plan.FollowUpPlan):
- No family case: no tasks.
- Release scheduled, not yet released: `pre_release_meeting` due `lead_days` before the
  expected date, but never before the day the schedule became known or the case was opened
  (so a date already past means "due that day").
- Released: `release_day_contact` on the release day, `day_7_check` at +7, `day_28_check`
  at +28 (local calendar day of the actual release time). A case opened after the release
  only gets the checks due on or after its opening day.
- At most one live (open or completed) task of each kind: a missing kind is created, an open
  task whose due date changed is re-dated, an open task no longer called for is cancelled.
  A completed task is never touched; a cancelled one may be replaced by a new task.
- The release does not cancel an open pre-release meeting: it stays open for the worker to
  record whether it took place. A cancelled release cancels it; a transfer does not (the
  custody period and its release date continue at the receiving prison).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from pathways.family.domain.tasks import FollowUpTask, TaskKind, TaskStatus
from pathways.platform.checks import local_date
from pathways.platform.errors import InvalidInput

POST_RELEASE_OFFSETS: dict[TaskKind, int] = {
    TaskKind.RELEASE_DAY_CONTACT: 0,
    TaskKind.DAY_7_CHECK: 7,
    TaskKind.DAY_28_CHECK: 28,
}


@dataclass(frozen=True)
class PlanningPolicy:
    """Configuration: how many days before the expected release the family meeting is due."""

    pre_release_lead_days: int = 14

    def __post_init__(self) -> None:
        if self.pre_release_lead_days < 0:
            raise InvalidInput(
                f"pre_release_lead_days must be 0 or more, got {self.pre_release_lead_days}",
                code="invalid_lead_days",
            )


@dataclass(frozen=True)
class CaseLink:
    """The facts planning needs about the person's family case."""

    case_id: UUID
    owner: str
    opened_on: date


@dataclass(frozen=True)
class ScheduledRelease:
    expected_on: date
    notified_on: date  # the day the schedule became known to the service


@dataclass
class CustodyFacts:
    """What intake told us about the person's current custody period."""

    period: int = 0
    period_started_at: datetime | None = None
    scheduled: ScheduledRelease | None = None
    released_at: datetime | None = None

    @property
    def released_on(self) -> date | None:
        return local_date(self.released_at) if self.released_at else None


def desired_followups(
    custody: CustodyFacts, case: CaseLink | None, policy: PlanningPolicy
) -> dict[TaskKind, date]:
    """The task kinds (with due dates) the current facts call for."""
    if case is None:
        return {}
    released_on = custody.released_on
    if released_on is not None:
        due = {k: released_on + timedelta(days=d) for k, d in POST_RELEASE_OFFSETS.items()}
        return {kind: on for kind, on in due.items() if on >= case.opened_on}
    if custody.scheduled is not None:
        lead = timedelta(days=policy.pre_release_lead_days)
        earliest = max(custody.scheduled.notified_on, case.opened_on)
        return {TaskKind.PRE_RELEASE_MEETING: max(custody.scheduled.expected_on - lead, earliest)}
    return {}


@dataclass
class PlanChanges:
    """What reconciling the plan with the facts requires."""

    create: dict[TaskKind, date] = field(default_factory=dict)
    redate: list[tuple[FollowUpTask, date]] = field(default_factory=list)
    cancel: list[FollowUpTask] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.create or self.redate or self.cancel)


def plan_changes(
    custody: CustodyFacts,
    case: CaseLink | None,
    policy: PlanningPolicy,
    tasks: Iterable[FollowUpTask],
) -> PlanChanges:
    """Compare the wanted tasks with `tasks` (those of the current custody period)."""
    desired = desired_followups(custody, case, policy)
    live = {t.kind: t for t in tasks if t.status is not TaskStatus.CANCELLED}
    changes = PlanChanges(create={k: d for k, d in desired.items() if k not in live})
    for kind, task in live.items():
        if not task.is_open:
            continue
        if kind in desired:
            if task.due_on != desired[kind]:
                changes.redate.append((task, desired[kind]))
        elif not (kind is TaskKind.PRE_RELEASE_MEETING and custody.released_at is not None):
            changes.cancel.append(task)
    return changes
