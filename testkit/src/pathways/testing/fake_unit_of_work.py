"""An in-memory unit of work for unit tests of handlers (cosmicpython's FakeUnitOfWork).

It fulfils `pathways.messaging.work.AbstractUnitOfWork`: what a handler emits is collected,
and kept as `published` only when the work commits; audit rows are kept as tuples. Each
service's `tests/unit` subclasses it with in-memory repositories for the protocol in its
`service_layer/unit_of_work.py`, keeping their aggregates in `FakeTable`s: like the real
tables, a change counts only once it is saved and committed, and a rollback forgets it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Hashable, Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from pathways.contracts import EventData
from pathways.messaging.incoming import Incoming
from pathways.messaging.work import AuditEntry

K = TypeVar("K", bound=Hashable)
A = TypeVar("A")


class FakeTable(Generic[K, A]):
    """Aggregates by key: those committed, and those this unit of work loaded or saved (an
    identity map of copies, so changing a loaded aggregate changes nothing until `put`)."""

    def __init__(self) -> None:
        self._committed: dict[K, A] = {}
        self._work: dict[K, A] = {}
        self._saved: set[K] = set()

    def seed(self, key: K, aggregate: A) -> None:
        """A row that was there before the test (committed)."""
        self._committed[key] = deepcopy(aggregate)

    def get(self, key: K) -> A | None:
        if key not in self._work and key in self._committed:
            self._work[key] = deepcopy(self._committed[key])
        return self._work.get(key)

    def put(self, key: K, aggregate: A) -> None:
        self._work[key] = aggregate
        self._saved.add(key)

    def __contains__(self, key: object) -> bool:
        return key in self._work or key in self._committed

    def rows(self) -> Iterator[A]:
        """Every aggregate as this unit of work sees it."""
        for key in [*self._committed, *(k for k in self._work if k not in self._committed)]:
            found = self.get(key)
            if found is not None:
                yield found

    def committed(self, key: K) -> A | None:
        """What a later unit of work would read (a copy)."""
        return deepcopy(self._committed.get(key))

    def commit(self) -> None:
        for key in self._saved:
            self._committed[key] = deepcopy(self._work[key])
        self.rollback()

    def rollback(self) -> None:
        self._work, self._saved = {}, set()


class FakeUnitOfWork:
    """Subclasses make their repositories over `FakeTable`s and pass the tables to `track`."""

    source = "pathways-test"

    def __init__(self) -> None:
        self.pending: list[EventData] = []
        self.published: list[EventData] = []
        self.audits: list[tuple[str, str, str, object]] = []  # committed: (actor, action, …)
        self._audits: list[tuple[str, str, str, object]] = []
        self.commits = 0
        self._tables: list[FakeTable[Any, Any]] = []

    def track(self, *tables: FakeTable[Any, Any]) -> None:
        self._tables.extend(tables)

    async def __aenter__(self) -> Self:
        await self.rollback()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    def emit(self, data: EventData, *, caused_by: Any = None) -> None:
        self.pending.append(data)

    async def audit(self, actor: str, action: str, resource: str, subject_id: object) -> None:
        self._audits.append((actor, action, resource, subject_id))

    async def audit_all(self, actor: str, entries: Sequence[AuditEntry]) -> None:
        self._audits.extend((actor, e.action, e.resource, e.subject_id) for e in entries)

    async def commit(self) -> None:
        for table in self._tables:
            table.commit()
        self.published.extend(self.pending)
        self.audits.extend(self._audits)
        self.pending, self._audits = [], []
        self.commits += 1

    async def commit_audited(
        self, actor: str, action: str, resource: str, subject_id: object
    ) -> None:
        await self.audit(actor, action, resource, subject_id)
        await self.commit()

    async def rollback(self) -> None:
        for table in self._tables:
            table.rollback()
        self.pending, self._audits = [], []

    def published_types(self) -> list[str]:
        """The event types committed so far, in order."""
        return [data.event_type for data in self.published]

    def take_published(self) -> list[EventData]:
        """The events committed so far, forgetting them (for the next step of a story)."""
        taken, self.published = self.published, []
        return taken


@dataclass(frozen=True)
class FakeRecord:
    """What a handler may read of the Kafka record: its value (the envelope) and timestamp."""

    value: bytes
    timestamp: int


def incoming(data: Any, at: datetime | None = None) -> Incoming:
    """`data` (a contract event, or a feed's message: anything with an `event_type`) as a
    consumer hands it to a handler, published at `at` (default now)."""
    at = at or datetime.now(UTC)
    event_id = str(uuid.uuid4())
    envelope = {"id": event_id, "type": data.event_type, "time": at.isoformat()}
    record = FakeRecord(json.dumps(envelope).encode(), int(at.timestamp() * 1000))
    return Incoming(event_id, data.event_type, data, None, record, occurred_at=at)


Handler = Callable[[Incoming, Any], Awaitable[None]]


async def consume(
    uow: FakeUnitOfWork,
    handlers: Mapping[str, Handler],
    *events: EventData,
    at: datetime | None = None,
) -> None:
    """Apply `events` as the consumer does: each by the handler for its type, in one unit of
    work that the consumer (not the handler) commits."""
    async with uow:
        for data in events:
            await handlers[data.event_type](incoming(data, at), uow)
        await uow.commit()
