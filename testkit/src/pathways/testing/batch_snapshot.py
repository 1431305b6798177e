"""Every row of a service's database in a form two runs can be compared by: the ids a run
generates itself (new referrals, tasks, matches, outbox envelopes) and the moments it was
run at are blanked, everything the events said (person ids, event ids, custody times) and
every state change is kept. The outbox is kept in order per key (per person)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.testing.service import running

_HEX = re.compile(r"[0-9a-f]{32}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# When a run wrote a row (not what the events said): never compared.
VOLATILE = {
    "updated_at",
    "created_at",
    "processed_at",
    "first_seen_at",
    "logged_at",
    "recorded_at",
    "last_run_at",
    "published_at",
    "forgotten_at",
    "received_at",
}
VOLATILE_IN = {
    "audit_log": {"id", "at"},
    "outbox": {"id", "attempts", "last_error", "traceparent", "parked_at", "park_reason"},
}
SKIPPED = {"alembic_version", "prison_locks"}


def normal(value: Any, known: set[str]) -> Any:
    """`value` with the UUIDs not in `known` blanked (recursively, JSON text too)."""
    if isinstance(value, bytes | bytearray):
        value = value.decode()
    if isinstance(value, str):
        if _HEX.fullmatch(value):  # a Uuid column reflected on SQLite: 32 hex digits
            value = str(uuid.UUID(value))
        if value[:1] in "{[":
            try:
                return normal(json.loads(value), known)
            except ValueError:
                pass
        return _UUID.sub(lambda m: m[0] if m[0] in known else "<id>", value)
    if isinstance(value, uuid.UUID):
        return str(value) if str(value) in known else "<id>"
    if isinstance(value, dict):
        return {k: normal(v, known) for k, v in value.items() if k not in ("time", "traceparent")}
    if isinstance(value, list | tuple):
        return [normal(v, known) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def snapshot(session: AsyncSession, known: Iterable[str]) -> dict[str, Any]:
    """Table name → its rows (normalised, sorted); `outbox` → per key, its events in order."""
    keep = set(known)
    metadata = MetaData()
    await session.run_sync(lambda s: metadata.reflect(bind=s.connection()))
    tables: dict[str, Any] = {}
    for name, table in sorted(metadata.tables.items()):
        if name in SKIPPED:
            continue
        dropped = VOLATILE | VOLATILE_IN.get(name, set())
        order = [table.c.id] if "id" in table.c else []
        rows = (await session.execute(select(table).order_by(*order))).mappings().all()
        cleaned = [{k: normal(v, keep) for k, v in row.items() if k not in dropped} for row in rows]
        if name == "outbox":
            per_key: dict[str, list[Any]] = {}
            for row in cleaned:
                per_key.setdefault(str(row["key"]), []).append(row)
            tables[name] = per_key
        else:
            tables[name] = sorted(json.dumps(row, sort_keys=True, default=str) for row in cleaned)
    return tables


def event_ids(records: Iterable[Any]) -> set[str]:
    """The envelope ids and the person ids of the records (kept when comparing)."""
    known: set[str] = set()
    for record in records:
        known.update(_UUID.findall(record.value.decode()))
    return known


async def applied(
    make_app: Callable[[str], Any],
    database_url: str,
    deliveries: Sequence[Sequence[Any]],
    *,
    set_based: bool = True,
    prepare: Callable[[Any], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """The snapshot of a fresh service on `database_url` after its consumer applied each
    delivery (a list of records: one batch) in turn; `prepare(client)` (staff work through
    the API) runs after the first."""
    app = make_app(database_url)
    async with running(app) as client:
        consumer = app.state.runtime.definition.consumers[0]
        consumer.set_based = set_based
        for n, records in enumerate(deliveries):
            await consumer.apply(list(records))
            if n == 0 and prepare is not None:
                await prepare(client)
        async with app.state.runtime.sessions() as session:
            return await snapshot(session, event_ids(r for d in deliveries for r in d))


def app_on(
    create_app: Callable[[Any], Any], settings: Callable[..., Any], dev_key_file: str
) -> Callable[[str], Any]:
    """A maker of the service's app on a given database, its relay idle (no broker answers:
    the rows are compared, not what reaches Kafka)."""

    def make(database_url: str) -> Any:
        return create_app(
            settings(
                database_url=database_url,
                kafka_bootstrap_servers="127.0.0.1:9",
                auth_dev_key_file=dev_key_file,
                consumer_max_retries=2,
                log_level="error",
            )
        )

    return make
