"""Alembic, run at start-up: each service keeps its own `migrations/` folder whose env.py
calls `run_env`, and whose first revision calls `create_kit_tables` (outbox, inbox, dead
letters, audit log)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Text, inspect, pool, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from pathways.messaging.tables import kit_metadata


def alembic_config(url: str, script_location: Path) -> Config:
    """The Alembic configuration of a service's `migrations/` folder for the database at `url`."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, script_location: Path) -> None:
    """Bring the database at `url` to the newest revision (blocking; run in a thread)."""
    command.upgrade(alembic_config(url, script_location), "head")


MIGRATION_LOCK = 7_202_614  # pg_advisory_lock key (per database): one migrator at a time


async def upgrade_once(engine: AsyncEngine, url: str, script_location: Path) -> None:
    """`upgrade`, by one process at a time on PostgreSQL (HTTP_WORKERS, replicas starting
    together): the others wait on an advisory lock, then find nothing left to do."""
    if engine.dialect.name != "postgresql":
        await asyncio.to_thread(upgrade, url, script_location)
        return
    async with engine.connect() as connection:  # the lock is this session's
        await connection.execute(text(f"SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        try:
            await asyncio.to_thread(upgrade, url, script_location)
        finally:
            await connection.execute(text(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})"))


def create_kit_tables(op: Any) -> None:
    kit_metadata.create_all(op.get_bind(), checkfirst=True)


def drop_kit_tables(op: Any) -> None:
    kit_metadata.drop_all(op.get_bind(), checkfirst=True)


_PARKING = ("parked_at", "park_reason")


def add_outbox_parking(op: Any) -> None:
    """Revision 0002: the outbox's parked columns (a database made by a newer 0001, which
    creates the kit tables as they are now, has them already)."""
    present = {c["name"] for c in inspect(op.get_bind()).get_columns("outbox")}
    with op.batch_alter_table("outbox") as batch:
        if "parked_at" not in present:
            batch.add_column(Column("parked_at", DateTime(timezone=True)))
        if "park_reason" not in present:
            batch.add_column(Column("park_reason", Text()))


def drop_outbox_parking(op: Any) -> None:
    with op.batch_alter_table("outbox") as batch:
        for name in _PARKING:
            batch.drop_column(name)


def add_audit_why_and_prisons(op: Any) -> None:
    """Revision 0004: the audit log's `why` and the kit's `person_prisons` (both there already
    in a database made by a newer 0001)."""
    kit_metadata.create_all(op.get_bind(), checkfirst=True)  # person_prisons
    present = {c["name"] for c in inspect(op.get_bind()).get_columns("audit_log")}
    if "why" not in present:
        with op.batch_alter_table("audit_log") as batch:
            batch.add_column(Column("why", String(200)))
    indexes = {i["name"] for i in inspect(op.get_bind()).get_indexes("audit_log")}
    if "ix_audit_at" not in indexes:
        op.create_index("ix_audit_at", "audit_log", ["at"])


def drop_audit_why_and_prisons(op: Any) -> None:
    op.drop_index("ix_audit_at", "audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("why")
    op.drop_table("person_prisons")


_REPLAYS = ("replay_attempts", "replayed_at", "replay_outcome")


def add_dead_letter_replays(op: Any) -> None:
    """Revision <n>_dead_letter_replays: the dead letters' replay columns (there already in a
    database made by a newer 0001)."""
    present = {c["name"] for c in inspect(op.get_bind()).get_columns("dead_letters")}
    columns = {
        "replay_attempts": Column("replay_attempts", Integer(), nullable=False, server_default="0"),
        "replayed_at": Column("replayed_at", DateTime(timezone=True)),
        "replay_outcome": Column("replay_outcome", String(20)),
    }
    with op.batch_alter_table("dead_letters") as batch:
        for name, column in columns.items():
            if name not in present:
                batch.add_column(column)


def drop_dead_letter_replays(op: Any) -> None:
    with op.batch_alter_table("dead_letters") as batch:
        for name in _REPLAYS:
            batch.drop_column(name)


def add_retention(op: Any) -> None:
    """The retention revision: `forgotten_people` and the inbox's `person_id` (both there
    already in a database made by a newer 0001)."""
    kit_metadata.create_all(op.get_bind(), checkfirst=True)  # forgotten_people
    present = {c["name"] for c in inspect(op.get_bind()).get_columns("inbox")}
    if "person_id" not in present:
        with op.batch_alter_table("inbox") as batch:
            batch.add_column(Column("person_id", String(36)))
    indexes = {i["name"] for i in inspect(op.get_bind()).get_indexes("inbox")}
    for name, column in (
        ("ix_inbox_person", "person_id"),
        ("ix_inbox_processed_at", "processed_at"),
    ):
        if name not in indexes:
            op.create_index(name, "inbox", [column])


def drop_retention(op: Any) -> None:
    op.drop_index("ix_inbox_processed_at", "inbox")
    op.drop_index("ix_inbox_person", "inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("person_id")
    op.drop_table("forgotten_people")


def add_person_numbers(op: Any) -> None:
    """Subject access (issue 15): the kit's `person_numbers`, each person's prison number from
    the events this service consumes (there already in a database made by a newer 0001)."""
    kit_metadata.create_all(op.get_bind(), checkfirst=True)


def drop_person_numbers(op: Any) -> None:
    op.drop_table("person_numbers")


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's migrations/env.py."""
    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )

    def include(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
        return not (type_ == "table" and name in kit_metadata.tables)

    def migrate(connection: Any) -> None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())


def add_outbox_traceparent(op: Any) -> None:
    """Revision 0005/0006_outbox_traceparent: the W3C traceparent of the work that wrote each
    outbox row (there already in a database made by a newer 0001)."""
    present = {c["name"] for c in inspect(op.get_bind()).get_columns("outbox")}
    if "traceparent" not in present:
        with op.batch_alter_table("outbox") as batch:
            batch.add_column(Column("traceparent", String(128)))


def drop_outbox_traceparent(op: Any) -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("traceparent")
