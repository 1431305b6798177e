"""The kit's statements built once (`pathways.platform.statements`) on SQLite and PostgreSQL:
one statement object per table and shape, run with parameters; `:ids` expands to any number
of values (none included); a keyed update changes only the rows it names."""

from __future__ import annotations

import uuid

import pytest
from kit_tables import sessions_with
from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pathways.platform.statements import ids, insert_into, locking, rows_in, update_by

pytestmark = [pytest.mark.postgres]

metadata = MetaData()
counters = Table(
    "statement_counters",
    metadata,
    Column("counter_id", Uuid, primary_key=True),
    Column("label", String(20), nullable=False),
    Column("count", Integer, nullable=False),
)


sessions = sessions_with(metadata)


async def added(sessions: async_sessionmaker[AsyncSession], n: int) -> list[uuid.UUID]:
    keys = [uuid.uuid4() for _ in range(n)]
    rows = [{"counter_id": k, "label": f"c{i}", "count": i} for i, k in enumerate(keys)]
    if rows:  # an empty list of rows would insert one row of defaults
        async with sessions() as session, session.begin():
            await session.execute(insert_into(counters), rows)
    return keys


def test_each_statement_is_built_once_per_table_and_shape() -> None:
    assert insert_into(counters) is insert_into(counters)
    assert rows_in(counters, "counter_id") is rows_in(counters, "counter_id")
    assert rows_in(counters, "counter_id") is not rows_in(counters, "counter_id", locked=True)
    shape = ("label", "count")
    assert update_by(counters, "counter_id", shape) is update_by(counters, "counter_id", shape)


@pytest.mark.parametrize("n", [0, 1, 80, 1200])
async def test_ids_expand_to_any_number_of_values(sessions, n: int) -> None:
    keys = await added(sessions, n)
    others = await added(sessions, 3)
    async with sessions() as session, session.begin():
        locked = locking(session)
        assert locked == (session.bind.dialect.name == "postgresql")
        statement = rows_in(counters, "counter_id", order="count", locked=locked)
        found = (await session.execute(statement, ids(keys))).all()
    assert [row.counter_id for row in found] == keys  # in `count` order, as inserted
    assert not {row.counter_id for row in found} & set(others)


async def test_a_keyed_update_changes_only_the_rows_it_names(sessions) -> None:
    keys = await added(sessions, 4)
    changes = [{"b_key": k, "label": "moved", "count": 100 + i} for i, k in enumerate(keys[:2])]
    async with sessions() as session, session.begin():
        await session.execute(update_by(counters, "counter_id", ("label", "count")), changes)
    async with sessions() as session:
        rows = (await session.execute(rows_in(counters, "counter_id"), ids(keys))).all()
    after = {row.counter_id: (row.label, row.count) for row in rows}
    assert after == {
        keys[0]: ("moved", 100),
        keys[1]: ("moved", 101),
        keys[2]: ("c2", 2),
        keys[3]: ("c3", 3),
    }
