"""The follow-up plan aggregate: one per person, fed by intake's custody events.

It keeps the custody facts even before a family case exists, so a case opened later gets the
tasks still due. Every change of facts re-plans (see planning.py for the rules). A person's
custody period starts again when they are received back after a release (contract.md, "What
each custody event means"): the earlier period's open tasks are cancelled (`recalled` or
`new_custody_period`), its other tasks kept as history, and the next release gets its own
full set. A transfer continues the custody period and cancels nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from pathways.family.domain import events as ev
from pathways.family.domain.contacts import ContactOutcome
from pathways.family.domain.planning import (
    CaseLink,
    CustodyFacts,
    PlanningPolicy,
    ScheduledRelease,
    plan_changes,
)
from pathways.family.domain.tasks import CancelReason, FollowUpTask
from pathways.platform.checks import as_utc
from pathways.platform.errors import NotFound


@dataclass
class FollowUpPlan:
    person_id: UUID
    policy: PlanningPolicy = field(default_factory=PlanningPolicy)
    custody: CustodyFacts = field(default_factory=CustodyFacts)
    case: CaseLink | None = None
    tasks: list[FollowUpTask] = field(default_factory=list)
    events: list[ev.FamilyEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def current_tasks(self) -> list[FollowUpTask]:
        """Tasks of the current custody period."""
        return [t for t in self.tasks if t.period == self.custody.period]

    def task(self, task_id: UUID) -> FollowUpTask:
        for task in self.tasks:
            if task.task_id == task_id:
                return task
        raise NotFound(f"no follow-up task {task_id} for this person", code="no_task")

    # -- facts ----------------------------------------------------------------------------
    def attach_case(self, case_id: UUID, owner: str, opened_on: date) -> None:
        """Link the person's family case (or its new worker: open tasks follow the owner)."""
        self.case = CaseLink(case_id, owner, opened_on)
        for task in self.tasks:
            if task.is_open and task.case_id == case_id and task.owner != owner:
                previous, task.owner = task.owner, owner
                self.events.append(
                    ev.FollowUpReassigned(
                        task.task_id, task.case_id, self.person_id, task.kind, owner, previous
                    )
                )
        self._replan(CancelReason.CASE_CHANGED)

    def schedule_release(self, expected_on: date, notified_on: date) -> None:
        """`intake.release.scheduled.v1`; ignored once the person is released this period."""
        if self.custody.released_at is not None:
            return
        self.custody.scheduled = ScheduledRelease(expected_on, notified_on)
        self._replan(CancelReason.RELEASE_RESCHEDULED)

    def cancel_scheduled_release(self, expected_on: date | None = None) -> None:
        """The scheduled release will not happen: an open pre-release meeting is cancelled.
        Given the cancelled date, a cancellation of an older plan (since replaced) is ignored."""
        if self.custody.released_at is not None:
            return
        scheduled = self.custody.scheduled
        if expected_on is not None and scheduled and scheduled.expected_on != expected_on:
            return
        self.custody.scheduled = None
        self._replan(CancelReason.RELEASE_CANCELLED)

    def record_transfer(self, transferred_at: datetime) -> None:
        """`intake.person.transferred.v1`: in custody at the receiving prison, the same custody
        period. The release date is the person's, not the prison's: the pre-release work
        stands (the receiving prison may re-schedule, which re-dates it)."""

    def record_release(self, released_at: datetime) -> None:
        """`intake.person.released.v1`. A repeat is a no-op; a different time in the same
        period corrects the release (open checks are re-dated); a release older than the
        current custody period is stale and ignored."""
        released_at = as_utc(released_at)
        started = self.custody.period_started_at
        if started is not None and released_at <= started:
            return
        self.custody.released_at = released_at
        self._replan(CancelReason.RELEASED)

    def record_received(self, received_at: datetime, recalled: bool = True) -> None:
        """Back in custody after a release (recall, new sentence): a new custody period; the
        previous period's open tasks are cancelled. Other receptions change nothing."""
        received_at = as_utc(received_at)
        released_at = self.custody.released_at
        if released_at is None or received_at <= released_at:
            return
        reason = CancelReason.RECALLED if recalled else CancelReason.NEW_CUSTODY_PERIOD
        for task in self.current_tasks:
            if task.is_open:
                self._cancel(task, reason)
        self.custody = CustodyFacts(period=self.custody.period + 1, period_started_at=received_at)

    def consent_withdrawn(self) -> None:
        """Consent to family work withdrawn: the open follow-ups are cancelled and none is
        planned while the plan has no case (the case itself stays, read-only in effect)."""
        for task in self.current_tasks:
            if task.is_open:
                self._cancel(task, CancelReason.CONSENT_WITHDRAWN)
        self.case = None

    # -- tasks ----------------------------------------------------------------------------
    def complete_task(
        self, task_id: UUID, completed_on: date, outcome: ContactOutcome, today: date
    ) -> FollowUpTask:
        """Complete a task with its outcome; completing twice raises Conflict."""
        task = self.task(task_id)
        task.complete(completed_on, outcome, today)
        self.events.append(
            ev.FollowUpCompleted(
                task.task_id, task.case_id, self.person_id, task.kind, completed_on, task.outcome
            )
        )
        return task

    def _cancel(self, task: FollowUpTask, reason: CancelReason) -> None:
        task.cancel(reason)
        self.events.append(
            ev.FollowUpCancelled(task.task_id, task.case_id, self.person_id, task.kind, reason)
        )

    def _replan(self, reason: CancelReason) -> None:
        changes = plan_changes(self.custody, self.case, self.policy, self.current_tasks)
        for task in changes.cancel:
            self._cancel(task, reason)
        for task, due_on in changes.redate:
            previous, task.due_on = task.due_on, due_on
            self.events.append(
                ev.FollowUpRedated(
                    task.task_id,
                    task.case_id,
                    self.person_id,
                    task.kind,
                    due_on,
                    previous,
                    task.owner,
                )
            )
        if self.case is None:
            return
        for kind, due_on in changes.create.items():
            task = FollowUpTask(
                self.case.case_id,
                self.person_id,
                kind,
                self.case.owner,
                due_on,
                period=self.custody.period,
            )
            self.tasks.append(task)
            self.events.append(
                ev.FollowUpScheduled(
                    task.task_id, task.case_id, self.person_id, kind, due_on, task.owner
                )
            )
