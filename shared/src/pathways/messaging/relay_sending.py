"""Sending the relay's rows to the broker: all handed to the producer, then confirmed, so a
pass costs one round trip; and the FastStream publisher the relay is given."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from opentelemetry.trace import Tracer

from pathways.messaging import safe_json, spans
from pathways.messaging.outgoing import wire_headers
from pathways.messaging.refusals import refused_for_good


class Publisher(Protocol):
    async def __call__(
        self, topic: str, key: str | None, payload: bytes, headers: dict[str, str]
    ) -> Awaitable[Any]:
        """Hand a message to the producer; the returned awaitable confirms delivery."""
        ...


async def send_in_order(
    publish: Publisher, tracer: Tracer, rows: Sequence[Any]
) -> tuple[list[int], dict[int, str], Exception | None]:
    """Send all, then confirm. A row refused for good is parked (in the same pass, even
    past a failure) and the others go on; any other failure stops the pass: only what was
    confirmed before it counts as sent
    (what was handed to the producer before a failing send still gets confirmed, so it is
    not sent twice). A failure after the broker stored a message can still repeat it: the
    topic is at-least-once, and consumers dedupe on the event id."""
    outcomes: list[Awaitable[Any] | Exception] = []
    failure: Exception | None = None
    for row in rows:
        span = spans.start_send(tracer, row)
        headers = spans.traced_headers(dict(row.headers), span)
        try:
            outcomes.append(await publish(row.topic, row.key, row.payload, headers))
        except Exception as exc:
            spans.failed(span, exc)
            if not refused_for_good(exc):
                failure = exc
                break
            outcomes.append(exc)
        finally:
            if span is not None:
                span.end()
    results = await asyncio.gather(
        *(_settled(outcome) for outcome in outcomes), return_exceptions=True
    )
    sent: list[int] = []
    parked: dict[int, str] = {}
    unconfirmed: Exception | None = None
    for row, result in zip(rows, results, strict=False):
        if isinstance(result, Exception) and refused_for_good(result):
            parked[row.id] = repr(result)[:1000]  # final, whatever failed before it
        elif isinstance(result, Exception):
            unconfirmed = unconfirmed or result
        elif unconfirmed is None:
            sent.append(row.id)
    return sent, parked, unconfirmed or failure


async def _settled(outcome: Awaitable[Any] | Exception) -> Any:
    if isinstance(outcome, Exception):
        raise outcome
    return await outcome


def faststream_publisher(broker: Any) -> Callable[..., Awaitable[Any]]:
    """Adapt a FastStream KafkaBroker: publish without waiting, return the confirmation."""

    async def publish(
        topic: str, key: str | None, payload: bytes, headers: dict[str, str]
    ) -> Awaitable[Any]:
        sent = wire_headers(headers)
        # Rows stored before the correlation header existed: the envelope says it.
        correlation = sent.get("correlation_id") or _envelope_correlation(payload)
        if correlation:
            sent["correlation_id"] = correlation
        return await broker.publish(
            payload,
            topic,
            key=key.encode() if key else None,
            headers=sent,
            correlation_id=sent.get("correlation_id"),
            no_confirm=True,
        )

    return publish


def _envelope_correlation(payload: bytes) -> str | None:
    try:
        envelope = safe_json.loads(payload)
    except ValueError:  # a dead letter's poison original: no correlation to recover
        return None
    if not isinstance(envelope, dict):
        return None
    found = envelope.get("correlationid") or envelope.get("id")
    return found if isinstance(found, str) else None
