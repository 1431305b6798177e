"""The kit's SQLite cursor (platform/sqlite_one_hop.py): one trip through aiosqlite's thread
per statement, and everything SQLAlchemy reads from a cursor as before: rows, row counts
(the versioned updates check them), last row ids, errors mapped, rollbacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select, update

from pathways.platform.db import create_engine

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, unique=True),
    Column("version", Integer),
)


@pytest.fixture
async def engine(tmp_path: Path) -> Any:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/one-hop.db")
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def test_a_statement_is_one_trip_through_the_thread(
    engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", "?"))
        return await real(self, fn, *args, **kwargs)

    async with engine.connect() as connection:
        await connection.execute(select(things))  # the first checkout's own work done
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        await connection.execute(select(things).where(things.c.name == "a"))
        assert trips == ["_execute"]  # SQLAlchemy's own adapter: cursor, execute, fetch, close


async def test_rows_counts_and_ids_read_as_from_any_cursor(engine: Any) -> None:
    async with engine.begin() as connection:
        first = await connection.execute(insert(things).values(name="a", version=1))
        assert first.inserted_primary_key == (1,)
        many = await connection.execute(
            insert(things), [{"name": "b", "version": 1}, {"name": "c", "version": 1}]
        )
        assert many.rowcount == 2
        stale = await connection.execute(
            update(things).where(things.c.version == 0).values(version=2)
        )
        fresh = await connection.execute(
            update(things).where(things.c.version == 1).values(version=2)
        )
        assert (stale.rowcount, fresh.rowcount) == (0, 3)
        rows = (await connection.execute(select(things.c.name).order_by(things.c.id))).all()
        assert [r.name for r in rows] == ["a", "b", "c"]
        returned = await connection.execute(
            update(things).where(things.c.name == "a").values(version=3).returning(things.c.id)
        )
        assert returned.scalar_one() == 1


async def test_errors_are_mapped_and_a_rollback_discards(engine: Any) -> None:
    async with engine.connect() as connection:
        await connection.execute(insert(things).values(name="a", version=1))
        with pytest.raises(exc.IntegrityError):
            await connection.execute(insert(things).values(name="a", version=1))
        await connection.rollback()
        assert (await connection.execute(select(things))).all() == []
    async with engine.connect() as connection:
        with pytest.raises(exc.OperationalError):
            await connection.exec_driver_sql("SELECT * FROM no_such_table")
        streamed = await connection.stream(select(things))  # a server-side cursor
        assert [row async for row in streamed] == []
