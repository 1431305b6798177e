"""Async SQLAlchemy engines: SQLite (WAL) as the embedded default, PostgreSQL in production."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from pathways.platform.sqlite_one_hop import OneHopDbapi

SessionFactory = async_sessionmaker


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


# PostgreSQL pool per process (see the README's Configuration): POOL_SIZE connections kept,
# up to MAX_OVERFLOW more under a burst; a connection idle for PING_AFTER_IDLE_S is pinged
# before use (a restarted server or a dropped connection), a busy one is not (a round trip
# per request otherwise).
POOL_SIZE, MAX_OVERFLOW, PING_AFTER_IDLE_S = 10, 10, 10.0


def create_engine(url: str, *, ping_after_idle_s: float = PING_AFTER_IDLE_S) -> AsyncEngine:
    if not is_sqlite(url):
        engine = create_async_engine(url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
        _ping_when_idle(engine, ping_after_idle_s)
        return engine
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # One trip through aiosqlite's thread per statement, not four (platform/sqlite_one_hop.py).
    engine = create_async_engine(url, connect_args={"timeout": 30}, module=OneHopDbapi())

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _ping_when_idle(engine: AsyncEngine, idle_s: float) -> None:
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _idle_from(_: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle_s:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool discards it and checks out another
            raise exc.DisconnectionError() from error


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)
