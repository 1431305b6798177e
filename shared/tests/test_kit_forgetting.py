"""Forgetting in the kit's tables (SQLite): what goes for a forgotten person, what stays
(the erasure's own announcement, an unpublished row about someone else), tombstones that
are idempotent, and the sweep of rows past their period."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from pathways.messaging.forgetting import (
    RETENTION_APPLIED,
    forget_in_kit_tables,
    forgotten_among,
    sweep_expired,
    tombstone,
)
from pathways.messaging.tables import (
    audit_log,
    dead_letters,
    inbox,
    kit_metadata,
    outbox,
    person_numbers,
)

NOW = datetime(2030, 5, 1, tzinfo=UTC)
X, Y = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(kit_metadata.create_all)
    async with AsyncSession(engine) as session:
        yield session
    await engine.dispose()


def _outbox(key: str, payload: str, *, published: bool, kind: str = "x.y.z.v1") -> dict:
    return {"event_id": uuid.uuid4().hex, "event_type": kind, "topic": "pathways.t", "key": key,
            "payload": payload.encode(), "headers": {}, "created_at": NOW,
            "published_at": NOW if published else None}  # fmt: skip


async def _count(session: AsyncSession, table, *where) -> int:
    return int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def test_a_forgotten_persons_rows_go_and_the_others_stay(session: AsyncSession) -> None:
    await session.execute(insert(outbox), [
        _outbox(X, f'{{"person_id": "{X}"}}', published=True),
        _outbox(X, f'{{"person_id": "{X}"}}', published=False),
        _outbox(Y, f'{{"mentee": "{Y}", "mentor": "{X}"}}', published=False),  # must go out
        _outbox(Y, f'{{"mentee": "{Y}", "mentor": "{X}"}}', published=True),
        _outbox(X, f'{{"person_id": "{X}"}}', published=False, kind=RETENTION_APPLIED),
        _outbox(Y, f'{{"person_id": "{Y}"}}', published=True),
    ])  # fmt: skip
    await session.execute(insert(inbox), [
        {"consumer": "c", "event_id": "1", "event_type": "t", "processed_at": NOW, "person_id": X},
        {"consumer": "c", "event_id": "2", "event_type": "t", "processed_at": NOW, "person_id": Y},
    ])  # fmt: skip
    letter = {"consumer": "c", "topic": "t", "partition": 0, "key": None, "headers": {},
              "reason": "invalid_data", "error": "e", "received_at": NOW,
              "status": "new"}  # fmt: skip
    await session.execute(insert(dead_letters), [
        {**letter, "offset": 1, "payload": b'{"nomsNumber": "A1234BC"}'},
        {**letter, "offset": 2, "payload": f'{{"person_id": "{Y}"}}'.encode()},
    ])  # fmt: skip
    audit = {"at": NOW, "actor": "a", "action": "read", "resource": "person"}
    await session.execute(
        insert(audit_log), [{**audit, "subject_id": X}, {**audit, "subject_id": Y}]
    )

    await session.execute(insert(person_numbers), [
        {"person_id": uuid.UUID(X), "prison_number": "A1234BC", "at": NOW},
        {"person_id": uuid.UUID(Y), "prison_number": "B2345CD", "at": NOW},
    ])  # fmt: skip

    counts = await forget_in_kit_tables(session, {X: ("A1234BC",)})
    assert counts == {"outbox": 3, "inbox": 1, "dead_letters": 1, "audit_log": 1,
                      "person_prisons": 0, "person_numbers": 1}  # fmt: skip
    assert await _count(session, person_numbers) == 1  # Y's: a SAR still finds Y
    assert await _count(session, outbox) == 3  # the announcement, Y's own, Y's unpublished
    assert await _count(session, outbox, outbox.c.event_type == RETENTION_APPLIED) == 1
    assert await _count(session, outbox, outbox.c.published_at.is_(None), outbox.c.key == Y) == 1
    assert await _count(session, inbox) == await _count(session, audit_log) == 1
    assert await _count(session, dead_letters) == 1
    assert await forget_in_kit_tables(session, {X: ("A1234BC",)}) == {
        "outbox": 0, "inbox": 0, "dead_letters": 0, "audit_log": 0, "person_prisons": 0,
        "person_numbers": 0,
    }  # fmt: skip


async def test_tombstones_are_idempotent(session: AsyncSession) -> None:
    assert await tombstone(session, [X, X], NOW) == 1
    assert await tombstone(session, [X, Y], NOW) == 1
    assert await forgotten_among(session, [X, Y, str(uuid.uuid4())]) == {X, Y}


async def test_the_sweep_takes_only_rows_past_their_period(session: AsyncSession) -> None:
    old, recent = NOW - timedelta(days=100), NOW - timedelta(days=10)
    rows = [_outbox(Y, "{}", published=True), _outbox(Y, "{}", published=False)]
    await session.execute(insert(outbox), [{**r, "published_at": old if r["published_at"] else None,
                                             "created_at": old} for r in rows])  # fmt: skip
    await session.execute(insert(inbox), [
        {"consumer": "c", "event_id": "o", "event_type": "t", "processed_at": old},
        {"consumer": "c", "event_id": "r", "event_type": "t", "processed_at": recent},
    ])  # fmt: skip
    audit = {"actor": "a", "action": "read", "resource": "person", "subject_id": Y}
    await session.execute(insert(audit_log), [{**audit, "at": old}, {**audit, "at": recent}])
    counts = await sweep_expired(
        session, messages_before=NOW - timedelta(days=90), audit_before=NOW - timedelta(days=50)
    )
    assert counts == {"expired_outbox": 1, "expired_inbox": 1, "expired_dead_letters": 0,
                      "expired_audit_log": 1}  # fmt: skip
    assert await _count(session, outbox, outbox.c.published_at.is_(None)) == 1  # never swept
