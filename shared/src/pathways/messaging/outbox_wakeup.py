"""Waking the outbox relay the moment outbox rows are committed, instead of at its next poll.

In the process that committed them, the unit of work calls the relay's `wake()` after the
commit. On PostgreSQL the same transaction also sends `NOTIFY pathways_outbox` (delivered by
the server only if, and when, it commits), and every replica's relay LISTENs on one held
connection: whichever replica holds the relay's advisory lock publishes at once. The poll
stays as the fallback (a listener reconnecting, a notification lost with its connection)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

log = structlog.get_logger("pathways.outbox")
OUTBOX_CHANNEL = "pathways_outbox"  # one per database: each service owns its own
RECONNECT_SECONDS = 2.0
PING_SECONDS = 30.0  # how soon a silently dead listening connection is noticed


async def notify_in(session: AsyncSession) -> None:
    """Ask PostgreSQL to tell every listening relay, once this transaction commits (several
    notifications in one transaction are folded into one). Nothing on SQLite: one process."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_notify(OUTBOX_CHANNEL, "")))


class OutboxListener:
    """Holds a connection LISTENing on the outbox channel and calls `wake` per notification;
    reconnects after a lost connection, waking once on each (re)connect for what was
    committed while it was not listening."""

    def __init__(self, engine: AsyncEngine, wake: Callable[[], None]) -> None:
        self._engine = engine
        self._wake = wake
        self.listening = asyncio.Event()  # set while LISTEN is in force

    async def run(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database down or restarted: the poll covers the gap
                log.warning("outbox.listen_lost", error=repr(exc)[:300])
            finally:
                self.listening.clear()
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen_once(self) -> None:
        async with self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection  # asyncpg.Connection
            lost = asyncio.Event()

            def notified(*_: Any) -> None:
                self._wake()

            def terminated(*_: Any) -> None:
                lost.set()

            driver.add_termination_listener(terminated)
            await driver.add_listener(OUTBOX_CHANNEL, notified)
            self.listening.set()
            self._wake()
            try:
                while not await _lost_within(lost, PING_SECONDS):
                    # a half-open connection never reports its end: ask it something
                    await asyncio.wait_for(driver.execute("SELECT 1"), PING_SECONDS)
            finally:
                with contextlib.suppress(Exception):
                    await driver.remove_listener(OUTBOX_CHANNEL, notified)
                driver.remove_termination_listener(terminated)  # pooled: do not pile up
            raise ConnectionError("listening connection closed")


async def _lost_within(lost: asyncio.Event, seconds: float) -> bool:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(lost.wait(), seconds)
    return lost.is_set()
