"""What outcomes' use cases need of a unit of work: the fact, state and aggregate stores,
the aggregates' rebuild, the per-person write lock, and the kit's transaction
(`AbstractUnitOfWork`: audit, commit). The SQLAlchemy one is `adapters/unit_of_work.py`,
passed in by the entrypoints and the consumer; the unit tests pass a fake
(`tests/outcomes_fakes.py`). No use case imports an adapter."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from pathways.messaging.incoming import Incoming
from pathways.messaging.work import AbstractUnitOfWork
from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.figures_totals import Totals
from pathways.outcomes.domain.ledger import Entries


class ReadModelState(Protocol):
    @property
    def generation(self) -> int: ...
    @property
    def rebuild_targets(self) -> dict[str, int] | None: ...
    @property
    def aggregates_version(self) -> int | None: ...


class Facts(Protocol):
    async def add(self, run: Sequence[Incoming], now: datetime | None = None) -> None:
        """Store the events as facts (idempotent by event id)."""
        ...

    async def of_people(self, people: Iterable[object]) -> list[Fact]:
        """Every fact about these people: their own, and the matches naming them as mentor."""
        ...

    async def load(self, prison_code: str | None) -> list[Fact]: ...

    async def clear(self, consumer: str) -> None: ...


class State(Protocol):
    async def get(self, *, for_update: bool = False) -> ReadModelState: ...

    async def set(self, **values: Any) -> None: ...


class Aggregates(Protocol):
    async def add(self, entries: Entries) -> None: ...

    async def clear(self) -> None: ...

    async def totals(self, period: Period) -> Totals: ...

    async def workers(self, period: Period) -> dict[str, tuple[int, int]]: ...


class Rebuilds(Protocol):
    async def lock(self) -> None: ...

    async def run(self) -> int:
        """Clear the counters and build them from every stored fact (set-based)."""
        ...


class OutcomesWork(AbstractUnitOfWork, Protocol):
    facts: Facts
    state: State
    aggregates: Aggregates
    rebuilds: Rebuilds

    async def lock_people(self, people: Collection[UUID]) -> None:
        """Hold these people's facts for this transaction (PostgreSQL: advisory locks in
        order, so two replicas never add differences computed from the same stale facts)."""
        ...
