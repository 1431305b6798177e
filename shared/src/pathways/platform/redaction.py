"""Redaction for subject access: a service's records made JSON-ready with every member of
staff named by the team's role only and other people's ids blanked, wherever they sit in
the (nested) records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.encoders import jsonable_encoder

ANOTHER_PERSON = "another person"
# Keys that name a member of staff (a username or a name): shown as the service's staff role.
STAFF_KEYS = frozenset({"by", "actor", "worker", "owner", "author", "staff", "user"})


def redact(value: Any, staff: str, others: set[str]) -> Any:
    """JSON-ready data with staff named by role (`STAFF_KEYS`, any `…_by`) and other people's
    ids replaced by "another person"."""
    blanked = {o.lower() for o in others}

    def walk(item: Any, key: str = "") -> Any:
        if key in STAFF_KEYS or key.endswith("_by"):
            return None if item is None else staff
        if isinstance(item, dict):
            return {k: walk(v, str(k)) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str) and item.lower() in blanked:
            return ANOTHER_PERSON
        return item

    return walk(jsonable_encoder(value, custom_encoder={datetime: _utc_iso}))


def _utc_iso(moment: datetime) -> str:
    """Every time in UTC with its offset (SQLite gives back naive UTC times)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
