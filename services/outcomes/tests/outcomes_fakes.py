"""An in-memory outcomes unit of work (the `OutcomesWork` protocol) for the use cases' unit
tests: facts by event id, counters as ledger entries, the people each transaction locked."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pathways.messaging.incoming import Incoming
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import LEDGER_VERSION, Entries, merge
from pathways.outcomes.domain.ledger_build import people_of
from pathways.outcomes.service_layer.event_handlers import fact_of
from pathways.testing.fake_unit_of_work import FakeUnitOfWork


@dataclass
class FakeState:
    generation: int = 1
    rebuild_targets: dict[str, int] | None = None
    aggregates_version: int | None = LEDGER_VERSION

    async def get(self, *, for_update: bool = False) -> FakeState:
        return self

    async def set(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


class FakeFacts:
    def __init__(self) -> None:
        self.stored: dict[str, Fact] = {}

    async def add(self, run: Sequence[Incoming], now: datetime | None = None) -> None:
        for incoming in run:
            self.stored.setdefault(incoming.event_id, fact_of(incoming, now or datetime.now(UTC)))

    async def of_people(self, people: Iterable[object]) -> list[Fact]:
        wanted = set(people)
        return [f for f in self.stored.values() if people_of(f) & wanted]

    async def load(self, prison_code: str | None) -> list[Fact]:
        return list(self.stored.values())

    async def clear(self, consumer: str) -> None:
        self.stored.clear()


class FakeAggregates:
    def __init__(self) -> None:
        self.entries: Entries = {}

    async def add(self, entries: Entries) -> None:
        merge(self.entries, entries)

    async def clear(self) -> None:
        self.entries = {}

    def nonzero(self) -> dict:
        return {k: tuple(v) for k, v in self.entries.items() if v != [0, 0]}


class FakeOutcomesWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.facts = FakeFacts()
        self.state = FakeState()
        self.aggregates = FakeAggregates()
        self.locked: list[set[UUID]] = []

    async def lock_people(self, people: Collection[UUID]) -> None:
        self.locked.append(set(people))
