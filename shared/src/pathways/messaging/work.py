"""What a use case may do with its unit of work, without knowing how it is stored.

Every service's `service_layer/unit_of_work.py` extends `AbstractUnitOfWork` with the
repositories its handlers use; the SQLAlchemy unit of work (`pathways.messaging.unit_of_work`
plus the service's `adapters/unit_of_work.py`) fulfils it, and so does the in-memory fake of
the unit tests (`pathways.testing.fake_unit_of_work`). Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from pathways.contracts import EventData


@dataclass(frozen=True)
class AuditEntry:
    """One audit row a batch handler writes: what it did to whom, for which event."""

    action: str
    resource: str
    subject_id: object
    correlation_id: str | None


class AbstractUnitOfWork(Protocol):
    """One transaction: a change, the events it publishes and its audit rows, all or none."""

    source: str

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def emit(self, data: EventData, *, caused_by: Any = None) -> None:
        """Publish a contract event when (and only if) this unit of work commits."""
        ...

    async def audit(self, actor: str, action: str, resource: str, subject_id: object) -> None:
        """Record who read or changed which person's data (committed with the work)."""
        ...

    async def audit_all(self, actor: str, entries: Sequence[AuditEntry]) -> None: ...

    async def commit(self) -> None: ...

    async def commit_audited(
        self, actor: str, action: str, resource: str, subject_id: object
    ) -> None:
        """A use case's last step: its one audit row, then commit."""
        ...

    async def rollback(self) -> None: ...


E = TypeVar("E")


def publish(
    uow: AbstractUnitOfWork, to_contract: Callable[[E], EventData | None], *recorded: list[E]
) -> None:
    """Queue in the outbox the contract event of each domain event in `recorded` (aggregates'
    `events` lists), in order, and empty the lists; an event `to_contract` maps to None stays
    inside the service."""
    for events in recorded:
        for event in events:
            if (data := to_contract(event)) is not None:
                uow.emit(data)
        events.clear()
