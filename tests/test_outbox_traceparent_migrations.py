"""Every service's `…_outbox_traceparent` revision (issue 17, tracing) is in its one head's
history, adds the outbox's `traceparent` column and takes it away again on downgrade, on
SQLite and PostgreSQL (later revisions taken down and up again on the way)."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from pathways.platform.migrations import alembic_config, upgrade
from pathways.testing.postgres import create_database, drop_database

REVISIONS = {
    "intake": "0010_outbox_traceparent",
    "mentoring": "0009_outbox_traceparent",
    "family": "0009_outbox_traceparent",
    "placements": "0008_outbox_traceparent",
    "outcomes": "0008_outbox_traceparent",
}


def migrations(service: str) -> Path:
    package = importlib.import_module(f"pathways.{service}")
    return Path(package.__file__).parent / "migrations"


def config(url: str, service: str) -> Config:
    return alembic_config(url, migrations(service))


async def outbox_columns(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("outbox")}
            )
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", sorted(REVISIONS))
def test_the_traceparent_revision_is_in_the_one_heads_history(service: str) -> None:
    scripts = ScriptDirectory.from_config(config("", service))
    [head] = scripts.get_heads()
    assert REVISIONS[service] in {r.revision for r in scripts.walk_revisions("base", head)}


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize("service", sorted(REVISIONS))
async def test_the_revision_adds_and_drops_the_outbox_traceparent(
    service: str, database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server = ""
    if database == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/{service}.db"
    else:
        server = request.getfixturevalue("postgres_server_url")
        url = await create_database(server, prefix=f"pathways_tp_{service}")
    try:
        await asyncio.to_thread(upgrade, url, migrations(service))
        assert "traceparent" in await outbox_columns(url)
        await asyncio.to_thread(command.downgrade, config(url, service), f"{REVISIONS[service]}-1")
        assert "traceparent" not in await outbox_columns(url)
        await asyncio.to_thread(upgrade, url, migrations(service))  # a database from before
        assert "traceparent" in await outbox_columns(url)
    finally:
        if server:
            await drop_database(server, url)
