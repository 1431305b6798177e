"""The kit's VersionedRepository on SQLite and PostgreSQL: insert at version 1, update only
the version read, a lost update or a concurrent insert refused with 409 concurrent_change,
an identity map per unit of work."""

from __future__ import annotations

import uuid

import pytest
from kit_tables import sessions_with
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pathways.platform.errors import Conflict
from pathways.platform.versioned import ConcurrentChange, VersionedRepository

pytestmark = [pytest.mark.postgres]

metadata = MetaData()
things = Table(
    "versioned_things",
    metadata,
    Column("thing_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False, unique=True),
    Column("state", JSON, nullable=False),
    Column("version", Integer, nullable=False),
)


sessions = sessions_with(metadata)


def repo(session: AsyncSession) -> VersionedRepository[dict]:
    return VersionedRepository(session, things, "thing_id", "thing")


async def stored(sessions: async_sessionmaker[AsyncSession], ident: uuid.UUID) -> tuple:
    async with sessions() as session:
        row = (await session.execute(select(things).where(things.c.thing_id == ident))).one()
        return row.name, row.state, row.version


async def load(rows: VersionedRepository[dict], ident: uuid.UUID) -> dict:
    row = (await rows.session.execute(select(things).where(things.c.thing_id == ident))).one()
    rows.loaded(ident, row.version, dict(row.state))
    return dict(row.state)


async def test_a_new_row_is_inserted_at_version_1_and_each_save_adds_one(sessions) -> None:
    ident = uuid.uuid4()
    async with sessions() as session, session.begin():
        rows = repo(session)
        rows.added(ident, {"n": 0})
        await rows.save(ident, {"state": {"n": 0}}, on_insert={"name": f"a-{ident}"})
        await rows.save(ident, {"state": {"n": 1}})
        assert rows.version(ident) == 2
    assert await stored(sessions, ident) == (f"a-{ident}", {"n": 1}, 2)
    async with sessions() as session, session.begin():
        rows = repo(session)
        assert await load(rows, ident) == {"n": 1}
        await rows.save(ident, {"state": {"n": 2}})
    assert await stored(sessions, ident) == (f"a-{ident}", {"n": 2}, 3)


async def test_a_row_changed_since_it_was_read_is_not_overwritten(sessions) -> None:
    ident = uuid.uuid4()
    async with sessions() as session, session.begin():
        await repo(session).insert(ident, {"name": f"b-{ident}", "state": {"n": 0}})
    async with sessions() as first, sessions() as second:
        mine, theirs = repo(first), repo(second)
        await load(mine, ident)
        await first.commit()  # read at version 1 (SQLite: no reader left holding its lock)
        await load(theirs, ident)
        await theirs.update(ident, {"state": {"by": "them"}})
        await second.commit()
        with pytest.raises(ConcurrentChange) as refused:
            await mine.update(ident, {"state": {"by": "me"}})
        await first.rollback()
    assert refused.value.status_code == 409 and refused.value.code == "concurrent_change"
    assert await stored(sessions, ident) == (f"b-{ident}", {"by": "them"}, 2)


async def test_a_row_created_concurrently_is_a_concurrent_change_or_the_named_refusal(
    sessions,
) -> None:
    ident = uuid.uuid4()
    async with sessions() as session, session.begin():
        await repo(session).insert(ident, {"name": f"c-{ident}", "state": {}})
    async with sessions() as session:
        with pytest.raises(ConcurrentChange):
            await repo(session).insert(ident, {"name": f"d-{ident}", "state": {}})
        await session.rollback()
    async with sessions() as session:
        taken = Conflict("that name is taken", code="name_taken")
        with pytest.raises(Conflict) as refused:
            await repo(session).save(uuid.uuid4(), {"name": f"c-{ident}", "state": {}}, taken=taken)
        await session.rollback()
    assert refused.value.code == "name_taken"


async def test_the_identity_map_gives_back_what_this_unit_of_work_loaded(sessions) -> None:
    ident, other = uuid.uuid4(), uuid.uuid4()
    async with sessions() as session, session.begin():
        rows = repo(session)
        thing = {"n": 1}
        rows.added(ident, thing)
        assert rows.cached(ident) is thing and rows.cached(other) is None
        assert rows.known(ident) and not rows.known(other) and rows.version(ident) is None
        await rows.save(ident, {"name": f"e-{ident}", "state": thing})
        assert rows.cached(ident) is thing and rows.version(ident) == 1
        rows.bumped([ident, other])  # a bulk update moved it on by one
        assert rows.version(ident) == 2 and not rows.known(other)


async def test_updating_a_row_never_loaded_is_a_programming_error(sessions) -> None:
    async with sessions() as session:
        with pytest.raises(KeyError):
            await repo(session).update(uuid.uuid4(), {"state": {}})


async def test_update_many_writes_each_row_at_its_version_read_in_one_statement(
    sessions, database_url: str
) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    async with sessions() as session, session.begin():
        rows = repo(session)
        for ident in (a, b):
            await rows.insert(ident, {"name": f"many-{ident.hex[:8]}", "state": {"n": 0}})
    async with sessions() as session, session.begin():
        await repo(session).update_many(
            [(a, 1, 3, {"state": {"n": 2}}), (b, 1, 2, {"state": {"n": 1}})]
        )
    assert (await stored(sessions, a))[1:] == ({"n": 2}, 3)
    assert (await stored(sessions, b))[1:] == ({"n": 1}, 2)
    # on both databases (asyncpg counts no executemany rows: the rows are checked locked)
    with pytest.raises(ConcurrentChange):  # b is at 2 now, not at the 1 read
        async with sessions() as session, session.begin():
            await repo(session).update_many([(a, 3, 4, {"state": {}}), (b, 1, 2, {"state": {}})])
    assert (await stored(sessions, a))[1:] == ({"n": 2}, 3)  # nothing written
