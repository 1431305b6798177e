"""Family follow-ups due and overdue per worker (issue 16), as of the range end (or today,
if the range ends later): what each family worker has on their desk.

A follow-up's owner is the staff identifier its latest `family.followup.scheduled`,
`.rescheduled` or `.reassigned` event names (events from before the field have none: shown
as "not recorded"); its due date the latest scheduled or rescheduled one. As of day D it is
**due** when its due date is on or before D and it was neither completed nor cancelled by
D; **overdue** when, besides, the due date is before D: as in family's own overdue list
(domain.md: "tasks have due dates, an owner, completion, and become overdue"), a task due
today is due but not yet overdue (no grace beyond the due day). Overdue ones are counted
among the due ones too. Only the asked prison's follow-ups count (the person was there on
the due date)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from pathways.contracts import family
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.scope import Scope


@dataclass
class WorkerFollowUps:
    owner: str | None  # the worker's staff identifier (None: not recorded by family)
    due: int = 0  # due on or before the day, not completed or cancelled by then
    overdue: int = 0  # of those, due before the day


@dataclass(frozen=True)
class OpenFollowUp:
    """One follow-up counted (the rows behind the per-worker figure)."""

    task_id: UUID
    person_id: UUID
    kind: str
    owner: str | None
    due_on: date
    overdue: bool


def as_of(scope: Scope) -> date:
    return min(scope.period.end, scope.period.today)


@dataclass(frozen=True)
class TaskLife:
    scheduled: family.FollowUpScheduled
    due_on: date  # the latest scheduled or rescheduled due date
    owner: str | None  # the latest owner named
    closed_on: date  # completed or cancelled (the earliest); date.max while open


def task_lives(facts: Iterable[Fact], day_of: Callable[[datetime], date]) -> dict[UUID, TaskLife]:
    """Each scheduled follow-up's life, from its facts in the order they happened."""
    owner: dict[UUID, str | None] = {}
    due: dict[UUID, date] = {}
    tasks: dict[UUID, family.FollowUpScheduled] = {}
    closed: dict[UUID, date] = defaultdict(lambda: date.max)
    for fact in facts:
        d = fact.data
        if isinstance(d, family.FollowUpScheduled):
            tasks.setdefault(d.task_id, d)
            due.setdefault(d.task_id, d.due_on)
            owner[d.task_id] = d.owner or owner.get(d.task_id)
        elif isinstance(d, family.FollowUpRescheduled):
            due[d.task_id] = d.due_on
            owner[d.task_id] = d.owner or owner.get(d.task_id)
        elif isinstance(d, family.FollowUpReassigned):
            owner[d.task_id] = d.owner
        elif isinstance(d, family.FollowUpCompleted):
            closed[d.task_id] = min(closed[d.task_id], d.completed_on)
        elif isinstance(d, family.FollowUpCancelled):
            closed[d.task_id] = min(closed[d.task_id], day_of(fact.occurred_at))
    return {t: TaskLife(task, due[t], owner.get(t), closed[t]) for t, task in tasks.items()}


def open_followups(scope: Scope) -> list[OpenFollowUp]:
    """Every follow-up due (and not done) as of the day, in the asked prison."""
    day = as_of(scope)
    in_order = sorted(scope.facts, key=lambda f: (f.occurred_at, f.event_id))
    lives = task_lives(in_order, scope.day)
    out = []
    for task_id, life in lives.items():
        due_on, task = life.due_on, life.scheduled
        if due_on > day or life.closed_on <= day:
            continue
        if not scope.here_on(task.person_id, due_on):
            continue
        kind = task.kind.value
        out.append(OpenFollowUp(task_id, task.person_id, kind, life.owner, due_on,
                                due_on < day))  # fmt: skip
    return sorted(out, key=lambda r: (r.due_on, str(r.owner), str(r.task_id)))


def per_worker(scope: Scope) -> list[WorkerFollowUps]:
    """One row per owner with anything due, most overdue first, then by owner."""
    rows: dict[str | None, WorkerFollowUps] = {}
    for item in open_followups(scope):
        row = rows.setdefault(item.owner, WorkerFollowUps(item.owner))
        row.due += 1
        row.overdue += item.overdue
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.due, r.owner or "\uffff"))
