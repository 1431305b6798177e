"""The repair of stored invalid text (migration 0003 of every service), on SQLite and
PostgreSQL: lone surrogates stored as JSON escapes become U+FFFD; everything else stays."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from pathways.platform.text_repair import repair_invalid_text, repaired

metadata = sa.MetaData()
people = sa.Table(
    "repair_people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200)),
    sa.Column("payload", sa.Text),
    sa.Column("state", sa.JSON),
)


def test_only_lone_surrogates_are_replaced() -> None:
    assert repaired('{"n": "\\ud800x"}', is_json=True) == '{"n": "\\ufffdx"}'
    assert repaired('{"n": "x\\udfff"}', is_json=True) == '{"n": "x\\ufffd"}'
    pair = '{"n": "\\ud83d\\ude00"}'
    assert repaired(pair, is_json=True) == pair
    assert repaired("plain \\ud800 text", is_json=False) == "plain \\ud800 text"  # not JSON
    assert repaired("\ud800x", is_json=False) == "\ufffdx"


async def test_stored_lone_surrogates_are_repaired_and_the_rows_read_back(database_url) -> None:
    engine = create_async_engine(database_url)
    bad = json.dumps({"members": [{"name": "\ud800x"}]})  # what the old code stored
    good = json.dumps({"members": [{"name": "Zoë \U0001f600"}]})
    async with engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
        await connection.run_sync(metadata.create_all)
        await connection.execute(
            sa.insert(people),
            [
                {"id": 1, "name": "Sam", "payload": bad, "state": json.loads(good)},
                {"id": 2, "name": "Ann", "payload": good, "state": None},
            ],
        )
        statement = sa.text("UPDATE repair_people SET state = :v WHERE id = 2")
        if connection.dialect.name == "postgresql":
            statement = sa.text("UPDATE repair_people SET state = CAST(:v AS JSON) WHERE id = 2")
        await connection.execute(statement, {"v": bad})
    async with engine.begin() as connection:
        assert await connection.run_sync(repair_invalid_text) == 2
        assert await connection.run_sync(repair_invalid_text) == 0
    async with engine.connect() as connection:
        rows = {r.id: r for r in await connection.execute(sa.select(people))}
        await connection.run_sync(metadata.drop_all)
    await engine.dispose()
    assert json.loads(rows[1].payload)["members"][0]["name"] == "\ufffdx"
    assert rows[1].state["members"][0]["name"] == "Zoë \U0001f600"
    assert rows[2].state["members"][0]["name"] == "\ufffdx"
    json.dumps(rows[2].state, ensure_ascii=False).encode("utf-8")  # sendable again
    assert rows[2].payload == good
