"""The PostgreSQL pool pings a connection only after it was idle a while: a connection the
server dropped meanwhile is replaced before use, and a busy one costs no round trip."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from pathways.platform.db import create_engine


async def _backend(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(text("SELECT pg_backend_pid()"))


async def test_a_dropped_idle_connection_is_replaced(postgres_url: str) -> None:
    engine = create_engine(postgres_url, ping_after_idle_s=0.2)
    watcher = create_engine(postgres_url)
    try:
        first = await _backend(engine)
        assert await _backend(engine) == first  # busy: the same connection, no ping needed
        async with watcher.connect() as connection:
            await connection.execute(text(f"SELECT pg_terminate_backend({first})"))
        await asyncio.sleep(0.3)  # idle past the threshold: pinged, found dead, replaced
        assert await _backend(engine) != first
    finally:
        await engine.dispose()
        await watcher.dispose()


async def test_a_busy_connection_is_not_pinged(postgres_url: str) -> None:
    engine = create_engine(postgres_url, ping_after_idle_s=60)
    pings: list[object] = []
    dialect = engine.sync_engine.dialect
    original = dialect.do_ping
    dialect.do_ping = lambda connection: pings.append(connection) or original(connection)
    try:
        for _ in range(5):
            await _backend(engine)
        assert pings == []
    finally:
        await engine.dispose()
