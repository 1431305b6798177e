"""A write that meets SQLite's write lock taken (platform/sqlite_one_hop.py): tried again on
the connection's thread at pauses of at most 2 ms (not SQLite's busy handler, whose sleeps
grow to 100 ms), until the lock is free or BUSY_WAIT_S is over; a stale snapshot, which no
wait can cure, fails at once."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, exc, insert, select, text

from pathways.platform import sqlite_one_hop
from pathways.platform.db import create_engine

metadata = MetaData()
things = Table("things", metadata, Column("id", Integer, primary_key=True))


@pytest.fixture
async def engine(tmp_path: Path) -> Any:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/busy.db")
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def holder(engine: Any) -> Any:
    """Another connection to the same file, holding the write lock."""
    connection = sqlite3.connect(engine.url.database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    connection.close()


async def test_a_write_waits_in_short_pauses_and_lands_once_the_lock_is_free(
    engine: Any, holder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pauses: list[float] = []
    waiting = threading.Event()  # set once it has waited pause after pause
    real_sleep = sqlite_one_hop.time.sleep

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 20:
            waiting.set()
        real_sleep(seconds)

    monkeypatch.setattr(sqlite_one_hop.time, "sleep", sleep)
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == 0

        async def write() -> None:
            await connection.execute(insert(things).values(id=1))
            await connection.commit()

        writing = asyncio.create_task(write())
        assert await asyncio.to_thread(waiting.wait, 10)
        assert not writing.done()
        holder.execute("COMMIT")
        await asyncio.wait_for(writing, 10)
        assert (await connection.execute(select(things.c.id))).scalars().all() == [1]
    assert max(pauses) == sqlite_one_hop._LONGEST_PAUSE_S
    assert pauses[:4] == [0.0002, 0.0004, 0.0008, 0.0016]


async def test_a_lock_held_past_the_wait_fails_the_write(
    engine: Any, holder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_one_hop, "BUSY_WAIT_S", 0.05)
    async with engine.connect() as connection:
        with pytest.raises(exc.OperationalError, match="database is locked"):
            await connection.execute(insert(things).values(id=1))


def test_a_stale_snapshot_is_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "stale.db"
    other, mine = (sqlite3.connect(path, isolation_level=None) for _ in range(2))
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (x)")
    mine.execute("BEGIN")
    mine.execute("SELECT count(*) FROM t").fetchall()  # a snapshot, then another's write
    other.execute("INSERT INTO t VALUES (1)")
    tries: list[int] = []

    def write() -> None:
        tries.append(1)
        mine.execute("INSERT INTO t VALUES (2)")

    with pytest.raises(sqlite3.OperationalError) as raised:
        sqlite_one_hop._while_busy(write)
    assert raised.value.sqlite_errorcode == 517 and tries == [1]  # SQLITE_BUSY_SNAPSHOT
