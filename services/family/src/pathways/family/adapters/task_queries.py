"""Read-side queries over follow-up tasks (lists for the staff API)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters.orm import followup_tasks
from pathways.family.adapters.plans import task_from_row
from pathways.family.domain.tasks import FollowUpTask, TaskFilter
from pathways.messaging.person_prisons import people_in


class TaskQueries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, where: TaskFilter, *, limit: int, offset: int
    ) -> tuple[list[FollowUpTask], int]:
        """The tasks `where` matches, soonest due first."""
        t = followup_tasks.c
        query = select(followup_tasks)
        if where.person_id is not None:
            query = query.where(t.person_id == where.person_id)
        if where.status is not None:
            query = query.where(t.status == where.status.value)
        if where.due_before is not None:
            query = query.where(t.due_on < where.due_before)
        if where.owner is not None:
            query = query.where(t.owner == where.owner)
        if where.prisons is not None:  # the caller's caseload
            query = query.where(t.person_id.in_(people_in(where.prisons)))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        ordered = query.order_by(t.due_on, t.kind, t.task_id).limit(limit).offset(offset)
        rows = (await self.session.execute(ordered)).all()
        return [task_from_row(row) for row in rows], int(total or 0)
