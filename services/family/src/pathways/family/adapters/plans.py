"""Follow-up plans: the plan row (custody facts, case link) plus the person's task rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters import serialization as ser
from pathways.family.adapters.orm import followup_plans, followup_tasks
from pathways.family.adapters.repository import for_update
from pathways.family.domain.plan import FollowUpPlan
from pathways.family.domain.planning import PlanningPolicy
from pathways.family.domain.tasks import FollowUpTask
from pathways.platform.versioned import VersionedRepository


def task_from_row(row: Any) -> FollowUpTask:
    return FollowUpTask(
        case_id=row.case_id,
        person_id=row.person_id,
        kind=row.kind,
        owner=row.owner,
        due_on=row.due_on,
        period=row.period,
        status=row.status,
        completed_on=row.completed_on,
        outcome=row.outcome,
        cancel_reason=row.cancel_reason,
        task_id=row.task_id,
    )


def task_values(task: FollowUpTask) -> dict[str, Any]:
    return {
        "case_id": task.case_id,
        "owner": task.owner,
        "due_on": task.due_on,
        "period": task.period,
        "status": task.status.value,
        "completed_on": task.completed_on,
        "outcome": task.outcome.value if task.outcome else None,
        "cancel_reason": task.cancel_reason,
    }


class PlanRepository:
    def __init__(self, session: AsyncSession, policy: PlanningPolicy) -> None:
        self.session = session
        self.policy = policy
        self._rows: VersionedRepository[FollowUpPlan] = VersionedRepository(
            session, followup_plans, "person_id", "the follow-up plan of"
        )
        self._stored: dict[UUID, set[UUID]] = {}  # person -> task ids already stored

    async def get(self, person_id: UUID, *, lock: bool = True) -> FollowUpPlan | None:
        """The person's plan (locked for this transaction on PostgreSQL unless `lock=False`)."""
        if (cached := self._rows.cached(person_id)) is not None:
            return cached
        query = select(followup_plans).where(followup_plans.c.person_id == person_id)
        if lock:
            query = for_update(query, self.session)
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        rows = await self.session.execute(
            select(followup_tasks).where(followup_tasks.c.person_id == person_id)
        )
        tasks = [task_from_row(r) for r in rows]
        plan = FollowUpPlan(
            person_id,
            self.policy,
            ser.custody_from(row.custody),
            ser.case_link_from(row.case_link),
            tasks,
        )
        self._rows.loaded(person_id, row.version, plan)
        self._stored[person_id] = {t.task_id for t in tasks}
        return plan

    async def get_or_create(self, person_id: UUID) -> FollowUpPlan:
        plan = await self.get(person_id)
        if plan is None:
            plan = FollowUpPlan(person_id, self.policy)
            self._rows.added(person_id, plan)
            self._stored[person_id] = set()
        return plan

    async def person_of_task(self, task_id: UUID) -> UUID | None:
        return await self.session.scalar(
            select(followup_tasks.c.person_id).where(followup_tasks.c.task_id == task_id)
        )

    async def save(self, plan: FollowUpPlan) -> None:
        values = {
            "custody": ser.custody_state(plan.custody),
            "case_link": ser.case_link_state(plan.case),
            "updated_at": datetime.now(UTC),
        }
        await self._rows.save(plan.person_id, values)
        await self._save_tasks(plan, self._stored[plan.person_id])
        self._stored[plan.person_id] = {t.task_id for t in plan.tasks}

    async def _save_tasks(self, plan: FollowUpPlan, stored: set[UUID]) -> None:
        new = [t for t in plan.tasks if t.task_id not in stored]
        if new:
            await self.session.execute(
                insert(followup_tasks),
                [
                    {"task_id": t.task_id, "person_id": t.person_id, "kind": t.kind.value}
                    | task_values(t)
                    for t in new
                ],
            )
        for task in (t for t in plan.tasks if t.task_id in stored):
            await self.session.execute(
                update(followup_tasks)
                .where(followup_tasks.c.task_id == task.task_id)
                .values(**task_values(task))
            )
