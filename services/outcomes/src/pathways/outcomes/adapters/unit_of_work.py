"""The outcomes unit of work: the kit's, with the fact, state and aggregate stores attached."""

from __future__ import annotations

from pathways.messaging.unit_of_work import UnitOfWork
from pathways.outcomes.adapters.aggregate_tables import AggregateStore
from pathways.outcomes.adapters.repository import FactStore, StateStore


class OutcomesUnitOfWork(UnitOfWork):
    facts: FactStore
    state: StateStore
    aggregates: AggregateStore

    def _enter(self) -> None:
        self.facts = FactStore(self.session)
        self.state = StateStore(self.session)
        self.aggregates = AggregateStore(self.session)
