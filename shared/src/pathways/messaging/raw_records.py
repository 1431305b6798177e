"""Records exactly as the broker gave them: FastStream must not decode (or fail on) them, and a
dead letter of any record must fit its table, whatever its key and headers hold."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

# Low latency when quiet, large batches under a backlog: a fetch returns as soon as records
# wait, else waits at most fetch_max_wait_ms (aiokafka's 500 ms added up to half a second a
# hop); large requests fill large batches. The chassis sets these from CONSUMER_FETCH_*.
FETCH_DEFAULTS: dict[str, int] = {
    "fetch_max_wait_ms": 20,
    "fetch_min_bytes": 1,
    "fetch_max_bytes": 50 * 1024 * 1024,
    "max_partition_fetch_bytes": 4 * 1024 * 1024,
}

HEADER_LIMIT = 50  # headers kept on a dead letter
TEXT_LIMIT = 1000  # characters kept of one header value
# Column sizes of the dead_letters and outbox tables (key, event_id, event_type).
KEY_LIMIT, EVENT_ID_LIMIT, EVENT_TYPE_LIMIT = 200, 64, 200
# Headers a dead letter takes its ids from (ce_* on records from before structured mode).
ID_HEADER_LIMITS = {
    "event_id": EVENT_ID_LIMIT,
    "ce_id": EVENT_ID_LIMIT,
    "event_type": EVENT_TYPE_LIMIT,
    "ce_type": EVENT_TYPE_LIMIT,
}


async def parse_safely(records: Any, parse: Callable[[Any], Awaitable[Any]]) -> Any:
    """FastStream's own parser, which decodes header values as UTF-8; should that fail
    (a null or binary header) it parses header-less copies and hands on the real records."""
    try:
        return await parse(records)
    except Exception:
        many = isinstance(records, tuple)
        bare = [dataclasses.replace(r, headers=()) for r in (records if many else (records,))]
        message = await parse(tuple(bare) if many else bare[0])
        message.raw_message = records
        return message


def keep_raw(message: Any) -> list[bytes | None]:
    """The decoder: no JSON parsing here (the kit decodes each record and dead-letters poison)."""
    records = message.raw_message
    return [r.value for r in (records if isinstance(records, tuple) else (records,))]


@dataclasses.dataclass(frozen=True)
class StorableRecord:
    """A record's origin and payload as they came, with key and headers made storable."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]


def clean(text: str, limit: int) -> str:
    """Valid UTF-8 without NUL (PostgreSQL text refuses both), at most `limit` characters."""
    return text.encode("utf-8", "replace").decode().replace("\x00", "")[:limit]


def storable(
    record: Any, ids: Mapping[str, str | None]
) -> tuple[StorableRecord, dict[str, str | None]]:
    """The record and the event ids to store with its dead letter, each fitting its column."""
    headers: list[tuple[str, bytes]] = []
    for name, value in tuple(record.headers or ())[:HEADER_LIMIT]:
        text = clean(value.decode(errors="replace") if isinstance(value, bytes) else "", TEXT_LIMIT)
        limit = ID_HEADER_LIMITS.get(name, TEXT_LIMIT)
        if len(text) <= limit:  # an id that would not fit is no id
            headers.append((clean(str(name), 200), text.encode()))
    key = record.key
    if key is not None:
        key = clean(key.decode(errors="replace"), KEY_LIMIT).encode() if key else None
    limits = {"event_id": EVENT_ID_LIMIT, "event_type": EVENT_TYPE_LIMIT}
    fitting = {
        k: v if v is None or len(v) <= limits.get(k, TEXT_LIMIT) else None for k, v in ids.items()
    }
    view = StorableRecord(
        record.topic, record.partition, record.offset, key, record.value, tuple(headers)
    )
    return view, fitting


def bare(record: Any) -> StorableRecord:
    """Only origin and payload: the dead letter of last resort."""
    return StorableRecord(record.topic, record.partition, record.offset, None, record.value, ())


def position(record: Any) -> dict[str, Any]:
    """Where the record stands on the broker: the fields a log line or span names it by."""
    return {"topic": record.topic, "partition": record.partition, "offset": record.offset}
