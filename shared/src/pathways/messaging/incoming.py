"""Turning a Kafka record into something a handler can apply — or into a dead letter."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from pathways.contracts import REGISTRY
from pathways.contracts.envelope import ReceivedCloudEvent
from pathways.messaging import safe_json


class DeadLetterReason(StrEnum):
    """Exactly what was wrong with a message a consumer could not apply."""

    UNDECODABLE = "undecodable"  # not UTF-8 JSON, too large, too deep, or the decoder broke
    INVALID_ENVELOPE = "invalid_envelope"  # JSON, but not a CloudEvent 1.0 (or feed message)
    UNKNOWN_TYPE = "unknown_type"  # a type the contract does not define
    INVALID_DATA = "invalid_data"  # a known type whose data breaks its schema
    HANDLER_FAILED = "handler_failed"  # valid, but applying it failed after bounded retries


class Poison(Exception):
    def __init__(self, reason: DeadLetterReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail[:2000]


@dataclass(frozen=True)
class Incoming:
    """A decoded event: `data` is the contract model (or a feed's own typed message)."""

    event_id: str
    event_type: str
    data: Any
    correlation_id: str | None
    record: Any  # aiokafka ConsumerRecord
    occurred_at: datetime | None = None  # the event's own time (CloudEvent `time`)
    # W3C traceparent of the span applying this event: the events it causes carry it.
    traceparent: str | None = None

    def applied_under(self, traceparent: str | None) -> Incoming:
        """This event with the traceparent of the span applying it: `dataclasses.replace`
        without re-running a frozen `__init__` (a consumer does this for every event)."""
        copy = object.__new__(Incoming)
        copy.__dict__.update(self.__dict__, traceparent=traceparent)
        return copy


# Returns None for a valid message this consumer does not handle.
Decoder = Callable[[Any], Incoming | None]


def parse_json(raw: bytes | str | None) -> Any:
    """Untrusted JSON, bounded in size and depth (see `safe_json`), or `Poison`."""
    try:
        return safe_json.loads(raw.encode() if isinstance(raw, str) else raw or b"")
    except (safe_json.UnsafeJson, UnicodeError) as exc:
        raise Poison(DeadLetterReason.UNDECODABLE, f"not JSON: {exc}") from None


def as_poison(exc: Exception) -> Poison:
    """Whatever a decoder raised, as a dead-letter reason: anything unexpected is poison too."""
    if isinstance(exc, Poison):
        return exc
    try:
        detail = str(exc)[:500]
    except Exception:  # even its message may be broken
        detail = "(no message)"
    return Poison(DeadLetterReason.UNDECODABLE, f"decoding failed: {type(exc).__name__}: {detail}")


def cloudevent_decoder(handled_types: Collection[str]) -> Decoder:
    """Decode a Pathways CloudEvent; only the types in `handled_types` are validated."""

    def decode(record: Any) -> Incoming | None:
        body = parse_json(record.value)
        try:
            envelope = ReceivedCloudEvent.model_validate(body)
        except ValidationError as exc:
            raise Poison(DeadLetterReason.INVALID_ENVELOPE, _summary(exc)) from None
        model = REGISTRY.get(envelope.type)
        if model is None:
            raise Poison(DeadLetterReason.UNKNOWN_TYPE, f"unknown event type {envelope.type!r}")
        if envelope.type not in handled_types:
            return None
        try:
            data = model.model_validate(envelope.data)
        except ValidationError as exc:
            raise Poison(DeadLetterReason.INVALID_DATA, _summary(exc)) from None
        return Incoming(
            envelope.id, envelope.type, data, envelope.correlationid, record, envelope.time
        )

    return decode


def _summary(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
        for err in exc.errors()[:10]
    )
