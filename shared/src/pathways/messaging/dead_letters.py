"""Dead letters: kept in the consumer's database (for the admin API and health) and sent to
`pathways.<consumer>.dlq` through the outbox, with reason and origin in headers. An original
too large to copy whole is kept as an excerpt with its size and digest (see excerpt.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import dead_letter_topic
from pathways.messaging.excerpt import bounded_copy
from pathways.messaging.incoming import DeadLetterReason
from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.safe_json import loads
from pathways.messaging.tables import dead_letters
from pathways.messaging.unit_of_work import UnitOfWork


def _headers(record: Any) -> dict[str, str]:
    return {k: (v.decode(errors="replace") if v else "") for k, v in (record.headers or ())}


def _first(headers: dict[str, str], *names: str) -> str:
    """The first of `names` in the headers (`ce_*` on records from before structured mode)."""
    return next((headers[n] for n in names if headers.get(n)), "")


def envelope_ids(record: Any) -> dict[str, str | None]:
    """The event id, type and correlation id of a refused record: from its CloudEvent when
    the value parses as a JSON object, else from its headers; None where neither says."""
    try:
        value = loads(record.value or b"")
    except Exception:  # undecodable: the headers may still name it
        value = None
    envelope = value if isinstance(value, dict) else {}
    headers = _headers(record)
    found = {
        "event_id": (envelope.get("id"), _first(headers, "event_id", "ce_id")),
        "event_type": (envelope.get("type"), _first(headers, "event_type", "ce_type")),
        "correlation_id": (envelope.get("correlationid"), _first(headers, "correlation_id")),
    }
    return {
        name: next((v[:200] for v in values if isinstance(v, str) and v.strip()), None)
        for name, values in found.items()
    }


async def record_dead_letter(
    uow: UnitOfWork,
    consumer: str,
    record: Any,
    reason: DeadLetterReason,
    error: str,
    *,
    event_type: str | None = None,
    event_id: str | None = None,
) -> bool:
    """Store the dead letter once per origin and queue it for the DLQ topic; False if known."""
    # Column widths bound what is copied (PostgreSQL refuses a longer value).
    key = record.key.decode(errors="replace")[:200] if record.key else None
    copy = bounded_copy(record.value or b"", _headers(record))
    original = copy.headers
    row = {
        "consumer": consumer,
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "key": key,
        "payload": copy.payload,
        "headers": original,
        "reason": reason.value,
        "error": error,
        "event_type": (event_type or _first(original, "event_type", "ce_type"))[:200] or None,
        "event_id": (event_id or _first(original, "event_id", "ce_id"))[:128] or None,
        "received_at": datetime.now(UTC),
        "status": "new",
    }
    dialect = postgresql if uow.session.bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(dead_letters).values(row).on_conflict_do_nothing()
    inserted = (await uow.session.execute(statement)).rowcount == 1
    if inserted:
        uow.emit_message(dlq_copy(row, reason.value, error))
    return inserted


def dlq_copy(row: Mapping[str, Any], reason: str, error: str, **extra: str) -> OutgoingMessage:
    """The copy of a dead letter (a `dead_letters` row) for `pathways.<consumer>.dlq`, with
    reason and origin in headers (and `extra` ones: a replay's attempt)."""
    origin = f"{row['topic']}/{row['partition']}/{row['offset']}"
    headers = {
        **row["headers"],
        "dlq_reason": reason,
        "dlq_error": error[:500],
        "dlq_consumer": row["consumer"],
        "dlq_origin_topic": row["topic"],
        "dlq_origin_partition": str(row["partition"]),
        "dlq_origin_offset": str(row["offset"]),
        **extra,
    }
    return OutgoingMessage(
        event_id=(row["event_id"] or origin)[:64],
        event_type=row["event_type"] or "unknown",
        topic=dead_letter_topic(row["consumer"]),
        key=row["key"],
        payload=row["payload"],
        headers=headers,
    )


async def waiting_dead_letters(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(dead_letters.c.consumer, func.count())
        .where(dead_letters.c.status == "new")
        .group_by(dead_letters.c.consumer)
    )
    return {consumer: int(count) for consumer, count in rows.all()}
