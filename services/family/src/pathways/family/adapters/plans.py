"""Follow-up plans: the plan row (custody facts, case link) plus the person's task rows."""

from __future__ import annotations

from collections.abc import Collection
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
from pathways.messaging.staged import StagedRows
from pathways.platform import clock
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
        self.staged = StagedRows(session, followup_plans, "person_id", self._rows)
        self.staged_tasks = StagedRows(session, followup_tasks, "task_id")

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: the plans and tasks of everyone it names in two queries
        (plans locked on PostgreSQL); saves are staged until `write_staged`."""
        self.staged.begin()
        self.staged_tasks.begin()
        for plan in await self._load(list(person_ids), lock=True):
            self.staged.loaded(plan.person_id, self._rows.version(plan.person_id), plan)
        for person_id in person_ids:
            self.staged.absent(person_id)

    async def write_staged(self) -> None:
        """Plans: one INSERT, one versioned UPDATE; tasks: one INSERT, one UPDATE."""
        await self.staged.write()
        await self.staged_tasks.write()

    async def get(self, person_id: UUID, *, lock: bool = True) -> FollowUpPlan | None:
        """The person's plan (locked for this transaction on PostgreSQL unless `lock=False`)."""
        if (cached := self._rows.cached(person_id)) is not None:
            return cached
        if self.staged.has(person_id):
            return None  # the batch looked: no plan yet
        found = await self._load([person_id], lock=lock)
        return found[0] if found else None

    async def _load(self, person_ids: list[UUID], *, lock: bool) -> list[FollowUpPlan]:
        query = select(followup_plans).where(followup_plans.c.person_id.in_(person_ids))
        if lock:
            query = for_update(query.order_by(followup_plans.c.person_id), self.session)
        plans = (await self.session.execute(query)).all()
        if not plans:
            return []
        tasks: dict[UUID, list[FollowUpTask]] = {row.person_id: [] for row in plans}
        rows = await self.session.execute(
            select(followup_tasks).where(followup_tasks.c.person_id.in_(list(tasks)))
        )
        for r in rows:
            tasks[r.person_id].append(task_from_row(r))
        found = []
        for row in plans:
            plan = FollowUpPlan(
                row.person_id,
                self.policy,
                ser.custody_from(row.custody),
                ser.case_link_from(row.case_link),
                tasks[row.person_id],
            )
            self._rows.loaded(row.person_id, row.version, plan)
            self._stored[row.person_id] = {t.task_id for t in tasks[row.person_id]}
            for task in tasks[row.person_id]:
                self.staged_tasks.loaded(task.task_id)
            found.append(plan)
        return found

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
            "updated_at": clock.now(),
        }
        if self.staged.active:
            self.staged.save(plan.person_id, values, aggregate=plan)
            for task in plan.tasks:  # new ones inserted, stored ones updated, at write
                first = {"person_id": task.person_id, "kind": task.kind.value}
                self.staged_tasks.save(task.task_id, task_values(task), on_insert=first)
        else:
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
