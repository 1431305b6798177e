"""Read-side queries over follow-up tasks (lists for the staff API)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters.orm import followup_tasks
from pathways.family.adapters.plans import task_from_row
from pathways.family.domain.tasks import FollowUpTask, TaskStatus
from pathways.messaging.person_prisons import people_in


class TaskQueries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        *,
        person_id: UUID | None = None,
        status: TaskStatus | None = None,
        due_before: date | None = None,
        owner: str | None = None,
        prisons: frozenset[str] | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[FollowUpTask], int]:
        """Tasks matching every filter given (`due_before` is exclusive), soonest due first."""
        t = followup_tasks.c
        query = select(followup_tasks)
        if person_id is not None:
            query = query.where(t.person_id == person_id)
        if status is not None:
            query = query.where(t.status == status.value)
        if due_before is not None:
            query = query.where(t.due_on < due_before)
        if owner is not None:
            query = query.where(t.owner == owner)
        if prisons is not None:  # the caller's caseload
            query = query.where(t.person_id.in_(people_in(prisons)))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(t.due_on, t.kind, t.task_id).limit(limit).offset(offset)
        rows = (await self.session.execute(ordered)).all()
        return [task_from_row(row) for row in rows], int(total or 0)

    async def overdue(
        self,
        *,
        owner: str,
        today: date,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[FollowUpTask], int]:
        """Open tasks of `owner` due before today, most overdue first."""
        return await self.page(
            status=TaskStatus.OPEN,
            due_before=today,
            owner=owner,
            prisons=prisons,
            limit=limit,
            offset=offset,
        )
