"""What a service's database still holds about a person, for the retention tests: every row
of its own tables and the kit's whose person column names them, the audit rows about them,
and the outbox rows and dead letters whose key or payload names them (an outbox row that
announces their erasure does not count: it carries only the id, by design)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import MetaData, Uuid, func, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from pathways.contracts import CloudEvent
from pathways.contracts.intake import RetentionApplied
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.messaging.tables import audit_log, dead_letters, kit_metadata, outbox

_SKIP = {"forgotten_people"}  # the tombstone: only the id, kept on purpose


async def rows_about(
    session: AsyncSession, metadata: MetaData, person_id: UUID, *needles: str
) -> dict[str, int]:
    """Rows per table that are about the person (non-zero counts only)."""
    found: dict[str, int] = {}
    for table in [*metadata.tables.values(), *kit_metadata.tables.values()]:
        if table.name in _SKIP:
            continue
        for column in table.columns:
            if not column.name.endswith("person_id"):
                continue
            value = person_id if isinstance(column.type, Uuid) else str(person_id)
            count = await session.scalar(
                select(func.count()).select_from(table).where(column == value)
            )
            if count:
                found[f"{table.name}.{column.name}"] = int(count)
    audits = await session.scalar(
        select(func.count()).where(audit_log.c.subject_id == str(person_id))
    )
    if audits:
        found["audit_log"] = int(audits)
    words = [w.encode() for w in (str(person_id), *needles)]
    for table, where in (
        (outbox, [outbox.c.event_type != RETENTION_APPLIED]),
        (dead_letters, []),
    ):
        rows = await session.execute(select(table.c.key, table.c.payload).where(*where))
        hits = sum(1 for r in rows if _names(r.key, r.payload, words))
        if hits:
            found[table.name] = hits
    return found


def _names(key: str | None, payload: bytes, words: Iterable[bytes]) -> bool:
    text = bytes(payload or b"") + (key or "").encode()
    return any(w in text for w in words)


async def rows_about_at(
    database_url: str, metadata: MetaData, person_id: UUID, *needles: str
) -> dict[str, int]:
    """`rows_about` in the database at `database_url` (another process's, in the e2e tests)."""
    engine = create_async_engine(database_url)
    try:
        async with AsyncSession(engine) as session:
            return await rows_about(session, metadata, person_id, *needles)
    finally:
        await engine.dispose()


def erasure(person_id: UUID) -> CloudEvent:
    """Intake's `retention_applied` event for the person, in its envelope."""
    data = RetentionApplied(person_id=person_id, applied_at=datetime.now(UTC))
    return CloudEvent.wrap(data, source="pathways/intake")


def invalid_referral_about(person_id: UUID) -> CloudEvent:
    """A referral whose data breaks the contract (a dead letter that names the person)."""
    body = json.loads(erasure(person_id).to_bytes())
    body.update(type="intake.person.referred.v1", data={"person_id": str(person_id)})
    return CloudEvent.model_validate(body)
