"""Staff API: follow-up tasks (lists, a worker's overdue list, completion)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from pathways.family.adapters.unit_of_work import FamilyUnitOfWork
from pathways.family.domain.tasks import TaskStatus
from pathways.family.entrypoints import requests as rq
from pathways.family.entrypoints import responses as rs
from pathways.family.entrypoints.dependencies import (
    Paging,
    paging_dependency,
    reader,
    uow_dependency,
    writer,
)
from pathways.family.entrypoints.mapping import task_out
from pathways.family.service_layer import tasks as handlers
from pathways.family.service_layer.commands import CompleteTask
from pathways.platform import clock
from pathways.platform.caseload import visible_prisons
from pathways.platform.inputs import Day
from pathways.platform.security import Principal

router = APIRouter(prefix="/tasks", tags=["follow-up tasks"])


@router.get("", response_model=rs.Page[rs.TaskOut])
async def find_tasks(
    person_id: UUID | None = Query(None),
    status: TaskStatus | None = Query(None),
    due_before: Day | None = Query(None, description="Due strictly before this day"),
    owner: str | None = Query(None, max_length=100),
    page: Paging = paging_dependency,
    principal: Principal = reader,
    uow: FamilyUnitOfWork = uow_dependency,
) -> rs.Page[rs.TaskOut]:
    """Follow-up tasks, soonest due first."""
    tasks, total = await handlers.find_tasks(
        principal.subject, uow, person_id=person_id, status=status, due_before=due_before,
        owner=owner, limit=page.limit, offset=page.offset,
        prisons=visible_prisons(principal, "family"),
    )  # fmt: skip
    today = clock.today()
    items = [task_out(t, today) for t in tasks]
    return rs.Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/overdue", response_model=rs.Page[rs.TaskOut])
async def overdue_tasks(
    owner: str | None = Query(None, max_length=100, description="Default: the caller"),
    page: Paging = paging_dependency,
    principal: Principal = reader,
    uow: FamilyUnitOfWork = uow_dependency,
) -> rs.Page[rs.TaskOut]:
    """A worker's open tasks whose due date has passed, most overdue first."""
    tasks, total, today = await handlers.overdue_for(
        principal.subject, uow, owner=owner or principal.subject, limit=page.limit,
        offset=page.offset, prisons=visible_prisons(principal, "family"),
    )  # fmt: skip
    items = [task_out(t, today) for t in tasks]
    return rs.Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post("/{task_id}/completion", response_model=rs.TaskOut)
async def complete_task(
    task_id: UUID,
    body: rq.CompletionIn,
    principal: Principal = writer,
    uow: FamilyUnitOfWork = uow_dependency,
) -> rs.TaskOut:
    """Complete a task with its outcome; 409 `task_already_completed` the second time."""
    command = CompleteTask(
        task_id, principal.subject, body.completed_on or clock.today(), body.outcome
    )
    return task_out(await handlers.complete_task(command, uow), clock.today())
