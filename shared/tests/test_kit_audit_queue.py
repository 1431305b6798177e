"""The audit queue of staff reads (pathways.platform.audit_writer), on SQLite and PostgreSQL:
a read's row is committed when the read is answered (group commit: many reads, few
inserts), in background mode it is there after a stop (flushed on shutdown), and a change's
row never goes through the queue (it is committed with the change)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi import APIRouter, Depends, Request
from kit_service import KitSettings, create_tables
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from pathways.messaging.tables import audit_log
from pathways.platform.app import ServiceDefinition, build_app
from pathways.platform.security import Principal, require
from pathways.testing.service import bearer, running

reads = APIRouter()


@reads.get("/things/{person_id}")
async def read_thing(
    person_id: uuid.UUID, request: Request, who: Principal = Depends(require("family"))
) -> dict[str, str]:
    async with request.app.state.runtime.new_uow() as uow:
        await uow.audit(who.subject, "read", "thing", person_id)
        await uow.commit()
    return {"read": str(person_id)}


@reads.put("/things/{person_id}")
async def change_thing(
    person_id: uuid.UUID, request: Request, who: Principal = Depends(require("family", write=True))
) -> dict[str, str]:
    async with request.app.state.runtime.new_uow() as uow:
        await uow.audit(who.subject, "update", "thing", person_id)
        assert uow._audited == []  # in the change's own transaction, not queued
        await uow.commit()
    return {"changed": str(person_id)}


def _app(database_url: str, dev_key_file: str, mode: str):
    settings = KitSettings(
        database_url=database_url,
        kafka_bootstrap_servers="127.0.0.1:9",
        auth_dev_key_file=dev_key_file,
        audit_reads=mode,
    )
    definition = ServiceDefinition(name="kit", settings=settings, migrations=None, routers=[reads])
    return build_app(definition), settings


async def _rows(database_url: str, subject: uuid.UUID) -> list[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                select(audit_log.c.action).where(audit_log.c.subject_id == str(subject))
            )
            return sorted(row.action for row in found)
    finally:
        await engine.dispose()


async def test_group_commit_a_read_is_answered_once_its_row_is_in(
    database_url: str, dev_key_file: str
) -> None:
    app, settings = _app(database_url, dev_key_file, "group_commit")
    await create_tables(app)
    people = [uuid.uuid4() for _ in range(40)]
    async with running(app) as client:
        headers = bearer(settings, "family")
        answers = await asyncio.gather(
            *(client.get(f"/things/{p}", headers=headers) for p in people)
        )
        assert {a.status_code for a in answers} == {200}
        for person in people:  # committed before the answer, the service still running
            assert await _rows(database_url, person) == ["read"]
        writer = app.state.runtime.audit
        assert writer.queued == 0 and writer.flushes < len(people)  # batched
        changed = await client.put(f"/things/{people[0]}", headers=bearer(settings, "family"))
        assert changed.status_code == 200
        assert await _rows(database_url, people[0]) == ["read", "update"]


async def test_background_a_read_row_is_there_after_shutdown(
    database_url: str, dev_key_file: str
) -> None:
    app, settings = _app(database_url, dev_key_file, "background")
    await create_tables(app)
    person = uuid.uuid4()
    async with running(app) as client:
        writer = app.state.runtime.audit
        writer._wake.set = lambda: None  # the flush never runs by itself: only the stop's
        answer = await client.get(f"/things/{person}", headers=bearer(settings, "family"))
        assert answer.status_code == 200
        assert writer.queued == 1 and await _rows(database_url, person) == []
    assert await _rows(database_url, person) == ["read"]  # the stop flushed it


async def test_a_failed_flush_keeps_the_rows_and_refuses_the_waiting_read(
    tmp_path, dev_key_file: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}"
    app, settings = _app(url, dev_key_file, "group_commit")
    person = uuid.uuid4()  # no tables: the flush fails
    async with running(app) as client:
        with pytest.raises(RuntimeError, match="audit could not be written"):
            await client.get(f"/things/{person}", headers=bearer(settings, "family"))
        assert app.state.runtime.audit.queued == 1
        await create_tables(app)
        for _ in range(100):
            if app.state.runtime.audit.queued == 0:
                break
            await asyncio.sleep(0.05)
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(audit_log)) == 1
    await engine.dispose()
