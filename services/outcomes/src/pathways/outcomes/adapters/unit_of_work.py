"""The outcomes unit of work: the kit's, with the fact, state and aggregate stores
attached, and the set-based rebuild of the aggregates from the facts
(`service_layer/unit_of_work.OutcomesWork`, the protocol its use cases know)."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from pathways.messaging.unit_of_work import UnitOfWork
from pathways.outcomes.adapters.aggregate_rebuild import AggregateRebuild
from pathways.outcomes.adapters.aggregate_tables import AggregateStore
from pathways.outcomes.adapters.ledger_writer import lock_people
from pathways.outcomes.adapters.repository import FactStore, StateStore


class OutcomesUnitOfWork(UnitOfWork):
    facts: FactStore
    state: StateStore
    aggregates: AggregateStore
    rebuilds: AggregateRebuild

    def _enter(self) -> None:
        self.facts = FactStore(self.session)
        self.state = StateStore(self.session)
        self.aggregates = AggregateStore(self.session)
        self.rebuilds = AggregateRebuild(self.session)

    async def lock_people(self, people: Collection[UUID]) -> None:
        await lock_people(self.session, people)
