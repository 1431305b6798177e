"""Forgetting people in the kit's own tables (retention and erasure).

A forgotten person leaves only a tombstone (`forgotten_people`: their id and when), which
consumers read to skip any later event about them. Their inbox, outbox, dead-letter, audit
and prison rows go. Rows about no one in particular go once older than the policy's limits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import EventData, field_of
from pathways.messaging.tables import (
    audit_log,
    dead_letters,
    forgotten_people,
    inbox,
    outbox,
    person_numbers,
    person_prisons,
)
from pathways.platform.statements import ids, ids_param

RETENTION_APPLIED = "intake.person.retention_applied.v1"
_CHUNK = 500
_FORGOTTEN = select(forgotten_people.c.person_id).where(
    forgotten_people.c.person_id.in_(ids_param())
)
_SCAN = 1000


def subject_of(data: Any) -> str | None:
    """The person an event is about (its key), as text; None for events about no person."""
    if isinstance(data, EventData):
        key = field_of(data, data.key_field)  # as data.key(), without its miss on no field
        if isinstance(key, UUID):
            return str(key)
        try:
            return str(UUID(str(key)))
        except ValueError:
            return None
    person_id = field_of(data, "person_id")
    return str(person_id) if isinstance(person_id, UUID) else None


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def forgotten_among(session: AsyncSession, person_ids: Iterable[str]) -> set[str]:
    """Which of these people are forgotten."""
    wanted, found = sorted(set(person_ids)), set()
    for chunk in _chunks(wanted):
        rows = await session.execute(_FORGOTTEN, ids(chunk))
        found.update(rows.scalars())
    return found


async def forgotten_since(session: AsyncSession, since: datetime) -> list[str]:
    """People forgotten at or after `since` (swept again: a racing write cannot linger)."""
    rows = await session.execute(
        select(forgotten_people.c.person_id).where(forgotten_people.c.forgotten_at >= since)
    )
    return list(rows.scalars())


async def tombstone(session: AsyncSession, person_ids: Sequence[str], at: datetime) -> int:
    """Remember these people as forgotten (idempotent, also against a concurrent writer)."""
    dialect = session.bind.dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added = 0
    for chunk in _chunks(sorted(set(person_ids))):
        statement = make(forgotten_people).on_conflict_do_nothing(index_elements=["person_id"])
        result = await session.execute(
            statement, [{"person_id": p, "forgotten_at": at} for p in chunk]
        )
        added += max(result.rowcount or 0, 0)
    return added


async def delete_in(session: AsyncSession, table: Table, column: Any, values: Sequence) -> int:
    removed = 0
    for chunk in _chunks(list(values)):
        result = await session.execute(delete(table).where(column.in_(chunk)))
        removed += result.rowcount or 0
    return removed


async def delete_rows_of(
    session: AsyncSession, columns: Sequence[Any], person_ids: Sequence[Any]
) -> Counter[str]:
    """Delete the rows whose `column` (of its table) is one of `person_ids`; counts by table."""
    counts: Counter[str] = Counter()
    for column in columns:
        counts[column.table.name] += await delete_in(session, column.table, column, person_ids)
    return counts


async def _scan_delete(
    session: AsyncSession, table: Table, needles: Sequence[bytes], where=()
) -> int:
    """Delete the rows whose key or payload names any needle (ids, prison numbers)."""
    doomed: list[int] = []
    last = 0
    while True:
        rows = (
            await session.execute(
                select(table.c.id, table.c.key, table.c.payload)
                .where(table.c.id > last, *where)
                .order_by(table.c.id)
                .limit(_SCAN)
            )
        ).all()
        if not rows:
            break
        last = rows[-1].id
        for row in rows:
            text = bytes(row.payload or b"") + (row.key or "").encode()
            if any(needle in text for needle in needles):
                doomed.append(row.id)
    return await delete_in(session, table, table.c.id, doomed)


async def forget_in_kit_tables(
    session: AsyncSession, people: Mapping[str, Sequence[str]]
) -> Counter[str]:
    """Remove what the kit's tables hold about `people` (person id → other identifiers, such
    as a prison number, that the payloads may carry). Outbox rows announcing the erasure
    itself stay: they carry only the id, and consumers need them; so do unpublished rows
    about someone else that name the person (they must still go out)."""
    ids = sorted(people)
    counts: Counter[str] = Counter()
    if not ids:
        return counts
    needles = [n.encode() for p in ids for n in (p, *people[p]) if n]
    counts["inbox"] += await delete_in(session, inbox, inbox.c.person_id, ids)
    # An unpublished row goes only if it is keyed by the person: one about someone else that
    # merely names them (a match's mentor) must still be published.
    sent_or_theirs = or_(
        outbox.c.published_at.is_not(None), outbox.c.parked_at.is_not(None), outbox.c.key.in_(ids)
    )
    counts["outbox"] += await _scan_delete(
        session, outbox, needles, (outbox.c.event_type != RETENTION_APPLIED, sent_or_theirs)
    )
    counts["dead_letters"] += await _scan_delete(session, dead_letters, needles)
    counts["audit_log"] += await delete_in(session, audit_log, audit_log.c.subject_id, ids)
    uuids = [UUID(p) for p in ids]
    counts["person_prisons"] += await delete_in(
        session, person_prisons, person_prisons.c.person_id, uuids
    )
    counts["person_numbers"] += await delete_in(  # the subject-access index (prison number)
        session, person_numbers, person_numbers.c.person_id, uuids
    )
    return counts


async def sweep_expired(
    session: AsyncSession, *, messages_before: datetime, audit_before: datetime
) -> Counter[str]:
    """Rows about no one in particular that are past their time: published (or parked)
    outbox rows, inbox rows and dead letters older than `messages_before`, audit rows older
    than `audit_before`. Unpublished outbox rows are never touched."""
    done = or_(outbox.c.published_at < messages_before, outbox.c.parked_at < messages_before)
    counts: Counter[str] = Counter()
    for name, statement in (
        ("outbox", delete(outbox).where(done)),
        ("inbox", delete(inbox).where(inbox.c.processed_at < messages_before)),
        ("dead_letters", delete(dead_letters).where(dead_letters.c.received_at < messages_before)),
        ("audit_log", delete(audit_log).where(audit_log.c.at < audit_before)),
    ):
        counts[f"expired_{name}"] += (await session.execute(statement)).rowcount or 0
    return counts
