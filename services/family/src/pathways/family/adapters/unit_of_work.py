"""The family unit of work: the kit's transaction with the family repositories attached."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar
from uuid import UUID

from pathways.family.adapters.plans import PlanRepository
from pathways.family.adapters.repository import CaseRepository, KnownPeople
from pathways.family.adapters.task_queries import TaskQueries
from pathways.family.domain.planning import PlanningPolicy
from pathways.messaging.unit_of_work import UnitOfWork


class FamilyUnitOfWork(UnitOfWork):
    policy: ClassVar[PlanningPolicy] = PlanningPolicy()

    people: KnownPeople
    cases: CaseRepository
    plans: PlanRepository
    tasks: TaskQueries

    def _enter(self) -> None:
        self.people = KnownPeople(self.session)
        self.cases = CaseRepository(self.session)
        self.plans = PlanRepository(self.session, self.policy)
        self.tasks = TaskQueries(self.session)

    async def load_batch(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch: what is known of the people it names, their cases, plans and
        tasks in four queries; the handlers' saves are staged until `write_batch`."""
        await super().load_batch(person_ids)
        await self.people.load_many(person_ids)
        await self.cases.load_many(person_ids)
        await self.plans.load_many(person_ids)

    async def write_batch(self) -> None:
        """Known people, plans and tasks: one INSERT and one UPDATE each."""
        await self.people.write_staged()
        await self.plans.write_staged()
        self.cases.write_staged()
        await super().write_batch()


def unit_of_work_class(policy: PlanningPolicy) -> type[FamilyUnitOfWork]:
    """A FamilyUnitOfWork bound to the configured planning policy (the chassis builds it)."""
    return type("ConfiguredFamilyUnitOfWork", (FamilyUnitOfWork,), {"policy": policy})
