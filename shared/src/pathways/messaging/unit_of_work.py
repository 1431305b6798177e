"""The unit of work: one database transaction in which a change, the events it publishes
(outbox rows) and, for a consumer, the inbox row of the event that caused it are committed
together. Services subclass it to attach their repositories in `_enter`. It fulfils
`pathways.messaging.work.AbstractUnitOfWork`, all the service layers know of it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pathways.contracts import EventData
from pathways.messaging.context import current_ids, current_purpose
from pathways.messaging.outbox_wakeup import notify_in
from pathways.messaging.outgoing import OutgoingMessage, event_message
from pathways.messaging.tables import audit_log, outbox
from pathways.messaging.work import AuditEntry

# Audit rows of these actions (reads) may go through the chassis's audit queue
# (pathways.platform.audit_writer): batched, committed by `commit` before it returns.
QUEUED_AUDIT_ACTIONS = frozenset({"read", "list"})
# Built once, run with the rows as parameters (no statement built and keyed per call).
_AUDIT_ROWS, _OUTBOX_ROWS = insert(audit_log), insert(outbox)


class AuditQueue(Protocol):
    def put(self, row: dict[str, Any]) -> Awaitable[None]: ...


# A batch handler's audit rows are `pathways.messaging.work.AuditEntry`s (imported above).
class UnitOfWork:
    audit_queue: AuditQueue | None = None  # set per unit of work by the chassis

    def __init__(
        self,
        sessions: async_sessionmaker,
        *,
        source: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self.source = source
        self._on_commit = on_commit
        self._pending: list[OutgoingMessage] = []
        self._audited: list[Awaitable[None]] = []
        self._audits: list[dict[str, Any]] | None = None  # staged by a set-based batch
        self.session: AsyncSession

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self._pending, self._audits = [], None
        self._audited = []
        self._enter()
        return self

    def _enter(self) -> None:
        """Hook: attach repositories to `self.session`."""

    async def load_batch(self, person_ids: Collection[str]) -> None:
        """A consumer batch about these people begins (set-based): services load every row
        the batch will read in a few queries and stage their writes until `write_batch`;
        audit rows are staged here too."""
        self._audits = []

    async def write_batch(self) -> None:
        """Write what the batch staged (a few statements per table); after it, reads and
        writes go to the database again (work deferred to the commit sees the batch)."""
        audits, self._audits = self._audits, None
        if audits:
            await self.session.execute(_AUDIT_ROWS, audits)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            await self.session.close()

    def emit(self, data: EventData, *, caused_by: Any = None) -> None:
        """Publish a contract event when (and only if) this unit of work commits.

        Correlation and causation ids come from the work in progress, or from `caused_by`
        (an `Incoming` event) when a batch handler applies many events at once; so does the
        trace the outbox row carries."""
        if caused_by is None:
            self._pending.append(event_message(data, self.source))
            return
        correlation = caused_by.correlation_id or caused_by.event_id
        self._pending.append(
            event_message(
                data,
                self.source,
                correlation,
                caused_by.event_id,
                traceparent=getattr(caused_by, "traceparent", None),
            )
        )

    def emit_message(self, message: OutgoingMessage) -> None:
        self._pending.append(message)

    @property
    def pending(self) -> list[OutgoingMessage]:
        return list(self._pending)

    async def audit(self, actor: str, action: str, resource: str, subject_id: object) -> None:
        """Record who read or changed which person's data (committed with the work; a read's
        row through the audit queue, when there is one: `commit` returns once it is in)."""
        correlation_id, _ = current_ids()
        row = {
            "at": datetime.now(UTC),
            "actor": actor,
            "action": action,
            "resource": resource,
            "subject_id": str(subject_id) if subject_id is not None else None,
            "correlation_id": correlation_id,
            "why": current_purpose(),
        }
        if self._audits is not None:  # staged by a set-based batch
            self._audits.append(row)
        elif self.audit_queue is not None and action in QUEUED_AUDIT_ACTIONS:
            self._audited.append(self.audit_queue.put(row))
        else:
            await self.session.execute(_AUDIT_ROWS, row)

    async def audit_all(self, actor: str, entries: Sequence[AuditEntry]) -> None:
        """Several audit rows in one statement (a batch handler's, or a request's many: the
        request's purpose, if any, as `why`)."""
        if not entries:
            return
        now, why = datetime.now(UTC), current_purpose()
        await self.session.execute(
            _AUDIT_ROWS,
            [
                {
                    "at": now,
                    "actor": actor,
                    "action": e.action,
                    "resource": e.resource,
                    "subject_id": str(e.subject_id) if e.subject_id is not None else None,
                    "correlation_id": e.correlation_id,
                    "why": why,
                }
                for e in entries
            ],
        )

    async def flush_outbox(self) -> None:
        if self._pending:
            await self.session.execute(_OUTBOX_ROWS, [m.as_row() for m in self._pending])
            self._pending = []
            await notify_in(self.session)  # other replicas' relays: on commit, not before

    async def commit_audited(
        self, actor: str, action: str, resource: str, subject_id: object
    ) -> None:
        await self.audit(actor, action, resource, subject_id)
        await self.commit()

    async def commit(self) -> None:
        """Commit; if outbox rows went with it, wake the relay (`on_commit`) right after."""
        sent = bool(self._pending)
        await self.flush_outbox()
        await self.session.commit()
        if sent and self._on_commit:
            self._on_commit()
        if self._audited:  # reads' rows, batched with other requests' by the audit queue
            audited, self._audited = self._audited, []
            await asyncio.gather(*audited)

    async def rollback(self) -> None:
        self._pending, self._audits = [], None
        await self.session.rollback()
