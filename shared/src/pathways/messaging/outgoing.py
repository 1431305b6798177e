"""A message on its way out: built from a contract event (or a dead letter), stored in the
outbox, published by the relay."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pathways.contracts import CONTENT_TYPE, CloudEvent, EventData
from pathways.messaging.context import current_ids


@dataclass(frozen=True)
class OutgoingMessage:
    event_id: str
    event_type: str
    topic: str
    key: str | None
    payload: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "topic": self.topic,
            "key": self.key,
            "payload": self.payload,
            "headers": self.headers,
            "created_at": datetime.now(UTC),
        }


def event_message(
    data: EventData,
    source: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> OutgoingMessage:
    """Wrap a contract event in its CloudEvent, with the ids of the work in progress."""
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
        headers={"content-type": CONTENT_TYPE, "ce_type": envelope.type, "ce_id": envelope.id},
    )
