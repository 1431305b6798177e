"""Correlation and causation ids, carried in structlog's context variables so that every log
line and every event emitted while handling a request or an event carries them."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

import structlog


def bind_work(correlation_id: str | None, causation_id: str, **fields: object) -> str:
    """Start a piece of work caused by `causation_id`; returns the correlation id in force."""
    correlation = correlation_id or causation_id or str(uuid.uuid4())
    structlog.contextvars.bind_contextvars(
        correlation_id=correlation, causation_id=causation_id, **fields
    )
    return correlation


def current_ids() -> tuple[str | None, str | None]:
    ctx = structlog.contextvars.get_contextvars()
    return ctx.get("correlation_id"), ctx.get("causation_id")


def clear_work(*keys: str) -> None:
    structlog.contextvars.unbind_contextvars("correlation_id", "causation_id", *keys)


# Why a request reads or changes personal data (kept out of log lines: it is free text).
_purpose: ContextVar[str | None] = ContextVar("pathways_purpose", default=None)


def bind_purpose(purpose: str | None) -> None:
    _purpose.set(purpose)


def current_purpose() -> str | None:
    return _purpose.get()
