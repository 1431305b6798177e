"""The family unit of work: the kit's transaction with the family repositories attached."""

from __future__ import annotations

from typing import ClassVar

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


def unit_of_work_class(policy: PlanningPolicy) -> type[FamilyUnitOfWork]:
    """A FamilyUnitOfWork bound to the configured planning policy (the chassis builds it)."""
    return type("ConfiguredFamilyUnitOfWork", (FamilyUnitOfWork,), {"policy": policy})
