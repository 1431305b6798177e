"""A message on its way out: built from a contract event (or a dead letter), stored in the
outbox, published by the relay.

Events travel in CloudEvents structured mode: the whole envelope is the value and the
`content-type` header says `application/cloudevents+json`. No `ce_*` header is set (a
partial set makes CloudEvents readers take the record for binary mode): `event_type` and
`event_id` let a consumer filter without parsing, and `correlation_id` carries the
correlation id of the work that caused the event. Each message keeps the W3C traceparent of
the span that made it (the outbox row's `traceparent`): the relay publishes it in that trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pathways.contracts import CONTENT_TYPE, CloudEvent, EventData
from pathways.messaging.context import current_ids
from pathways.platform.tracing import traceparent_of


@dataclass(frozen=True)
class OutgoingMessage:
    event_id: str
    event_type: str
    topic: str
    key: str | None
    payload: bytes
    headers: dict[str, str] = field(default_factory=dict)
    traceparent: str | None = field(default_factory=traceparent_of)  # the current span's

    def as_row(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "topic": self.topic,
            "key": self.key,
            "payload": self.payload,
            "headers": self.headers,
            "traceparent": self.traceparent,
            "created_at": datetime.now(UTC),
        }


def event_message(
    data: EventData,
    source: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    traceparent: str | None = None,
) -> OutgoingMessage:
    """Wrap a contract event in its CloudEvent, with the ids of the work in progress (and
    its trace: the current span's, unless `traceparent` names the causing event's)."""
    if causation_id is None:
        correlation_id, causation_id = current_ids()
    envelope = CloudEvent.wrap(
        data, source=source, correlation_id=correlation_id, causation_id=causation_id
    )
    return OutgoingMessage(
        event_id=envelope.id,
        event_type=envelope.type,
        topic=data.topic(),
        key=envelope.subject,
        payload=envelope.to_bytes(),
        headers={
            "content-type": CONTENT_TYPE,
            "event_type": envelope.type,
            "event_id": envelope.id,
            "correlation_id": envelope.correlationid or envelope.id,
        },
        traceparent=traceparent or traceparent_of(),
    )


BINARY_MODE_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type")


def wire_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers as published: `ce_*` headers only when the binary-mode set is complete.
    Rows stored before structured mode carry a partial set. A dead letter keeps its origin's
    headers as they were: it is a faithful copy for the operator, not an event."""
    if "dlq_reason" in headers or all(name in headers for name in BINARY_MODE_HEADERS):
        return dict(headers)
    return {k: v for k, v in headers.items() if not k.startswith("ce_")}
