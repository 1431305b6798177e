"""In-memory repositories for the family service's unit-of-work protocol
(service_layer/unit_of_work.py), so its handlers are tested without a database or a broker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from pathways.family.domain.case import FamilyCase
from pathways.family.domain.plan import FollowUpPlan
from pathways.family.domain.planning import PlanningPolicy
from pathways.family.domain.tasks import FollowUpTask, TaskFilter
from pathways.platform.errors import Conflict
from pathways.testing.fake_unit_of_work import FakeTable, FakeUnitOfWork


@dataclass
class KnownPerson:
    family_consent: bool | None = None
    consent_at: datetime | None = None


class FakeKnownPeople:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, KnownPerson] = FakeTable()

    async def is_known(self, person_id: UUID) -> bool:
        return person_id in self.table

    async def remember(self, person_id: UUID, event_type: str) -> None:
        if person_id not in self.table:
            self.table.put(person_id, KnownPerson())

    async def allows_family(self, person_id: UUID) -> bool:
        known = self.table.get(person_id)
        return known is not None and known.family_consent is True

    async def record_consent(
        self, person_id: UUID, allowed: bool, at: datetime, event_type: str
    ) -> bool:
        await self.remember(person_id, event_type)
        known = self.table.get(person_id)
        assert known is not None
        if known.consent_at is not None and _utc(at) < known.consent_at:
            return False
        known.family_consent, known.consent_at = allowed, _utc(at)
        self.table.put(person_id, known)
        return True


class FakeCases:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, FamilyCase] = FakeTable()
        self._added: set[UUID] = set()

    async def get(self, case_id: UUID, *, lock: bool = False) -> FamilyCase | None:
        return self.table.get(case_id)

    async def for_person(self, person_id: UUID) -> FamilyCase | None:
        return next((c for c in self.table.rows() if c.person_id == person_id), None)

    async def page(
        self,
        *,
        person_id: UUID | None,
        worker: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[FamilyCase], int]:
        if prisons is not None:
            raise NotImplementedError("the fake keeps no person prisons")
        found = sorted(
            (
                c
                for c in self.table.rows()
                if person_id in (None, c.person_id) and worker in (None, c.worker)
            ),
            key=lambda c: (c.opened_on, c.case_id),
        )
        return found[offset : offset + limit], len(found)

    def add(self, case: FamilyCase) -> None:
        self._added.add(case.case_id)

    async def save(self, case: FamilyCase) -> None:
        if case.case_id in self._added:
            self._added.discard(case.case_id)
            other = await self.for_person(case.person_id)
            if other is not None and other.case_id != case.case_id:
                raise Conflict(
                    f"person {case.person_id} already has a family case", code="case_exists"
                )
        self.table.put(case.case_id, case)


class FakePlans:
    def __init__(self, policy: PlanningPolicy) -> None:
        self.policy = policy
        self.table: FakeTable[UUID, FollowUpPlan] = FakeTable()

    async def get(self, person_id: UUID, *, lock: bool = True) -> FollowUpPlan | None:
        return self.table.get(person_id)

    async def get_or_create(self, person_id: UUID) -> FollowUpPlan:
        plan = await self.get(person_id)
        return plan if plan is not None else FollowUpPlan(person_id, self.policy)

    async def person_of_task(self, task_id: UUID) -> UUID | None:
        plans = self.table.rows()
        return next(
            (p.person_id for p in plans if any(t.task_id == task_id for t in p.tasks)), None
        )

    async def save(self, plan: FollowUpPlan) -> None:
        self.table.put(plan.person_id, plan)


class FakeTasks:
    """The tasks of every plan, as the task table holds them."""

    def __init__(self, plans: FakePlans) -> None:
        self.plans = plans

    async def page(
        self, where: TaskFilter, *, limit: int, offset: int
    ) -> tuple[list[FollowUpTask], int]:
        if where.prisons is not None:
            raise NotImplementedError("the fake keeps no person prisons")
        found = sorted(
            (
                t
                for plan in self.plans.table.rows()
                for t in plan.tasks
                if where.person_id in (None, t.person_id)
                and where.status in (None, t.status)
                and (where.due_before is None or t.due_on < where.due_before)
                and where.owner in (None, t.owner)
            ),
            key=lambda t: (t.due_on, t.kind.value, str(t.task_id)),
        )
        return found[offset : offset + limit], len(found)


class FakeFamilyUnitOfWork(FakeUnitOfWork):
    def __init__(self, policy: PlanningPolicy | None = None) -> None:
        super().__init__()
        self.people = FakeKnownPeople()
        self.cases = FakeCases()
        self.plans = FakePlans(policy or PlanningPolicy())
        self.tasks = FakeTasks(self.plans)
        self.track(self.people.table, self.cases.table, self.plans.table)


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
