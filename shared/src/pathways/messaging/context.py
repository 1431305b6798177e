"""Correlation and causation ids of the work in hand (a request or an event), so that every
log line and every event emitted while it is handled carries them.

They live in one context variable holding the work's fields, set once per piece of work (a
consumer sets it for every event: one `ContextVar.set`, not one per key as structlog's own
`bind_contextvars` does); the `merge_work` log processor adds them to each line."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

_work: ContextVar[Mapping[str, object] | None] = ContextVar("pathways_work", default=None)


def bind_work(correlation_id: str | None, causation_id: str, **fields: object) -> str:
    """Start a piece of work caused by `causation_id` (its `fields` replace the last work's);
    returns the correlation id in force."""
    correlation = correlation_id or causation_id or str(uuid.uuid4())
    _work.set({"correlation_id": correlation, "causation_id": causation_id, **fields})
    return correlation


@contextlib.contextmanager
def working_as(correlation_id: str | None, causation_id: str) -> Iterator[None]:
    """Within the block, the work of these ids; afterwards the work before it, whole."""
    token = _work.set({"correlation_id": correlation_id, "causation_id": causation_id})
    try:
        yield
    finally:
        _work.reset(token)


def current_ids() -> tuple[str | None, str | None]:
    work = _work.get()
    if work is None:
        return None, None
    return work["correlation_id"], work["causation_id"]  # type: ignore[return-value]


def work_fields() -> Mapping[str, object]:
    """What the work in hand puts on log lines ({} outside any work)."""
    return _work.get() or {}


def clear_work() -> None:
    _work.set(None)


def merge_work(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: the work's fields on the line (the line's own keys win)."""
    work = _work.get()
    if work:
        for key, value in work.items():
            event_dict.setdefault(key, value)
    return event_dict


# Why a request reads or changes personal data (kept out of log lines: it is free text).
_purpose: ContextVar[str | None] = ContextVar("pathways_purpose", default=None)


def bind_purpose(purpose: str | None) -> None:
    _purpose.set(purpose)


def current_purpose() -> str | None:
    return _purpose.get()
