"""The outbox relay: publishes committed outbox rows in commit order, marks them sent, and
retries with backoff while the broker is down (an outage only delays events). A row the
broker refuses for good (too large, invalid topic: see refusals.py) is parked — set aside
with its reason, counted in health and metrics — and the rest carry on in order. On
PostgreSQL an advisory lock lets one replica relay at a time, keeping per-key order. Each row
is published in the trace stored with it (a `send` span, whose traceparent the record
carries): the trace of the request or event that wrote it, not the relay's. The relay is
woken by the commit that wrote outbox rows (in process, and on PostgreSQL by LISTEN/NOTIFY
from any replica: see outbox_wakeup.py); it polls every `poll_seconds` only as a fallback.
Handing rows to the broker and confirming them: relay_sending.py."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from opentelemetry.trace import Tracer
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from pathways.messaging import metrics
from pathways.messaging.outbox_wakeup import OutboxListener
from pathways.messaging.relay_sending import Publisher, faststream_publisher, send_in_order
from pathways.messaging.tables import outbox
from pathways.platform import tracing

log = structlog.get_logger("pathways.outbox")
RELAY_LOCK_KEY = 72_657_301  # any constant: one relay per service database
__all__ = ["RELAY_LOCK_KEY", "OutboxRelay", "Publisher", "faststream_publisher"]


class OutboxRelay:
    def __init__(
        self,
        sessions: async_sessionmaker,
        publish: Publisher,
        *,
        batch_size: int = 500,
        poll_seconds: float = 1.0,
        max_backoff: float = 30.0,
        keep_published: timedelta = timedelta(days=7),
        tracer: Tracer | None = None,
    ) -> None:
        self._tracer = tracer
        self._sessions = sessions
        self._publish = publish
        self._batch_size = batch_size
        self._poll = poll_seconds
        self._max_backoff = max_backoff
        self._keep = keep_published
        self._wake = asyncio.Event()
        self.ready = asyncio.Event()  # set once the broker is connected
        self.healthy = True
        engine = sessions.kw.get("bind")
        postgres = engine is not None and engine.dialect.name == "postgresql"
        self.listener = OutboxListener(engine, self.wake) if postgres else None

    def wake(self) -> None:
        """Publish now: outbox rows were committed (here, or by another replica)."""
        self._wake.set()

    async def run(self) -> None:
        listening = asyncio.create_task(self.listener.run()) if self.listener else None
        try:
            await self._relay()
        finally:
            if listening is not None:
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listening

    async def _relay(self) -> None:
        await self.ready.wait()
        backoff = 0.5
        passes = 0
        while True:
            # Cleared before the pass, not after: a commit during the pass (after its select)
            # leaves the event set, so the next pass starts at once instead of at the poll.
            self._wake.clear()
            try:
                sent = await self.publish_pending()
                self.healthy, backoff = True, 0.5
            except Exception as exc:  # broker or database down: wait and try again
                self.healthy = False
                metrics.PUBLISH_FAILURES.inc()
                log.warning("outbox.publish_failed", error=repr(exc), retry_in_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            if sent == self._batch_size:
                continue
            passes += 1
            if passes % 600 == 0:
                await self.prune()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)

    async def publish_pending(self) -> int:
        """One pass: publish up to a batch of unsent rows, in id order; returns the count."""
        async with self._sessions() as session, session.begin():
            if session.bind.dialect.name == "postgresql":
                locked = await session.scalar(
                    select(func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY))
                )
                if not locked:
                    return 0
            rows = (
                await session.execute(
                    select(
                        outbox.c.id,
                        outbox.c.topic,
                        outbox.c.key,
                        outbox.c.payload,
                        outbox.c.headers,
                        outbox.c.event_type,
                        outbox.c.event_id,
                        outbox.c.traceparent,
                    )
                    .where(outbox.c.published_at.is_(None), outbox.c.parked_at.is_(None))
                    .order_by(outbox.c.id)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                metrics.OUTBOX_BACKLOG.set(0)
                return 0
            sent_ids, parked, error = await self._send_in_order(rows)
            now = datetime.now(UTC)
            if sent_ids:
                await session.execute(
                    update(outbox).where(outbox.c.id.in_(sent_ids)).values(published_at=now)
                )
            for row_id, reason in parked.items():
                await session.execute(
                    update(outbox)
                    .where(outbox.c.id == row_id)
                    .values(parked_at=now, park_reason=reason)
                )
        published = set(sent_ids)
        for row in rows:
            if row.id in published:
                metrics.EVENTS_PUBLISHED.labels(row.topic).inc()
            elif row.id in parked:
                metrics.EVENTS_PARKED.labels(row.topic).inc()
                log.error(
                    "outbox.parked",
                    outbox_id=row.id,
                    topic=row.topic,
                    event_type=row.event_type,
                    event_id=row.event_id,
                    size=len(row.payload),
                    reason=parked[row.id],
                )
        if error is not None:
            raise error
        metrics.OUTBOX_BACKLOG.set(await self.backlog())
        return len(sent_ids) + len(parked)

    async def _send_in_order(
        self, rows: Sequence[Any]
    ) -> tuple[list[int], dict[int, str], Exception | None]:
        return await send_in_order(self._publish, self._tracer or tracing.tracer("relay"), rows)

    async def backlog(self) -> int:
        """Rows waiting to be published (parked rows are not waiting)."""
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.published_at.is_(None), outbox.c.parked_at.is_(None))
            )
        return int(count or 0)

    async def prune(self) -> None:
        """Forget rows published long ago (the topic keeps the history)."""
        cutoff = datetime.now(UTC) - self._keep
        async with self._sessions() as session, session.begin():
            await session.execute(delete(outbox).where(outbox.c.published_at < cutoff))
