"""The audit queue of staff reads: every read's audit row goes through one writer that
inserts whatever is queued in one statement and one commit (group commit), instead of a
transaction per read.

Durability (AUDIT_READS):
- `group_commit` (the default): a read is answered only once its row is committed, exactly
  the guarantee of a row in the read's own transaction, so nothing read is ever unaudited,
  whatever kills the process. Many reads share one INSERT and one commit; a request waits at
  most for the flush in progress and its own. If the database refuses the flush, the
  waiting reads fail (5xx: nothing disclosed) and their rows are kept and retried.
- `background`: the read is answered at once and its row follows within a flush (a few
  milliseconds). A stop (SIGTERM, `make up` ending) flushes every queued row before the
  pool closes; only a crash (SIGKILL, power loss) in that window can lose the rows of the
  reads answered in it. Chosen only where that window is acceptable to the data owner.
Changes (create, update, ...) are never queued: their rows are committed with the change."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Literal

import structlog
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import async_sessionmaker

from pathways.messaging.tables import audit_log

log = structlog.get_logger("pathways.audit")
AuditMode = Literal["group_commit", "background"]
MAX_ROWS_PER_INSERT = 1000
RETRY_SECONDS = (0.1, 0.5, 2.0)


class AuditWriter:
    def __init__(self, sessions: async_sessionmaker, mode: AuditMode = "group_commit") -> None:
        self._sessions = sessions
        self.mode = mode
        self._rows: list[dict[str, Any]] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._wake = asyncio.Event()
        self.flushes = 0  # statements written (tests, benches)

    def put(self, row: dict[str, Any]) -> asyncio.Future[None]:
        """Queue a row; the future is done once it is committed (at once in background mode)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.mode == "background":
            done.set_result(None)
        self._rows.append(row)
        self._waiters.append(done)
        self._wake.set()
        return done

    @property
    def queued(self) -> int:
        return len(self._rows)

    async def run(self) -> None:
        """Flush whenever rows are queued (the chassis runs this in the service process)."""
        failures = 0
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.flush()
                failures = 0
            except Exception as exc:  # kept and retried; said once per failure streak
                if failures == 0:
                    log.warning("audit.flush_failed", error=repr(exc)[:300], queued=self.queued)
                await asyncio.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                self._wake.set()

    async def flush(self) -> None:
        """Write every queued row; on failure the rows stay queued (first, in order)."""
        while self._rows:
            rows, waiters = self._rows[:MAX_ROWS_PER_INSERT], self._waiters[:MAX_ROWS_PER_INSERT]
            del self._rows[: len(rows)], self._waiters[: len(waiters)]
            try:
                async with self._sessions() as session:
                    await session.execute(insert(audit_log), rows)
                    await session.commit()
            except BaseException as exc:
                self._rows[:0], self._waiters[:0] = rows, [_fresh(w) for w in waiters]
                for waiter in waiters:  # a read that waits is refused, its row kept
                    if not waiter.done():
                        waiter.set_exception(
                            RuntimeError(f"the audit could not be written: {exc!r}")
                        )
                raise
            self.flushes += 1
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    async def close(self) -> None:
        """Flush what is left (the chassis calls this on stop, before the pool closes)."""
        with contextlib.suppress(Exception):
            await self.flush()
        if self._rows:
            log.error("audit.rows_unwritten", rows=len(self._rows))


def _fresh(waiter: asyncio.Future[None]) -> asyncio.Future[None]:
    """A waiter for a retried row: nobody waits on it any more (its read was refused)."""
    if waiter.done():
        return waiter
    replacement: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    replacement.set_result(None)
    return replacement
