"""Follow-up tasks for staff: completion, lists, a worker's overdue list."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pathways.family.domain.tasks import FollowUpTask, TaskFilter, TaskStatus
from pathways.family.service_layer.commands import CompleteTask
from pathways.family.service_layer.publishing import publish
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import NotFound


async def complete_task(cmd: CompleteTask, uow: FamilyUnitOfWork) -> FollowUpTask:
    """Complete a task with its outcome (a second completion is a 409, nothing changes)."""
    person_id = await uow.plans.person_of_task(cmd.task_id)
    plan = await uow.plans.get(person_id) if person_id is not None else None
    if plan is None:
        raise NotFound(f"no follow-up task {cmd.task_id}", code="no_task")
    task = plan.complete_task(cmd.task_id, cmd.completed_on, cmd.outcome, clock.today())  # type: ignore[arg-type]
    await uow.plans.save(plan)
    publish(uow, plan.events)
    await uow.commit_audited(cmd.actor, "update", "followup_task", plan.person_id)
    return task


async def find_tasks(
    actor: str,
    uow: FamilyUnitOfWork,
    *,
    person_id: UUID | None,
    status: TaskStatus | None,
    due_before: date | None,
    owner: str | None,
    limit: int,
    offset: int,
    prisons: frozenset[str] | None = None,
) -> tuple[list[FollowUpTask], int]:
    where = TaskFilter(person_id, status, due_before, owner, prisons)
    tasks, total = await uow.tasks.page(where, limit=limit, offset=offset)
    await _audit_reads(actor, uow, tasks)
    return tasks, total


async def overdue_for(
    actor: str,
    uow: FamilyUnitOfWork,
    *,
    owner: str,
    limit: int,
    offset: int,
    prisons: frozenset[str] | None = None,
) -> tuple[list[FollowUpTask], int, date]:
    today = clock.today()
    where = TaskFilter(status=TaskStatus.OPEN, due_before=today, owner=owner, prisons=prisons)
    tasks, total = await uow.tasks.page(where, limit=limit, offset=offset)  # most overdue first
    await _audit_reads(actor, uow, tasks)
    return tasks, total, today


async def _audit_reads(actor: str, uow: FamilyUnitOfWork, tasks: list[FollowUpTask]) -> None:
    """One audit line per person whose tasks were read."""
    for person_id in dict.fromkeys(t.person_id for t in tasks):
        await uow.audit(actor, "read", "followup_task", person_id)
    await uow.commit()
