"""Decoder for `hmpps.domain-events`: the ministry's JSON, not CloudEvents.

* a movement message → `Incoming` whose `event_id` is the domain's `dedupe_key` (the feed has
  no id and repeats itself, so the inbox drops repeats);
* another ministry event type → None (skipped, the topic carries many);
* anything unreadable → `Poison` (dead-lettered; the subscriber carries on).
An SNS notification wrapper (`{"Type": "Notification", "Message": "<json>"}`) is unwrapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pathways.intake.domain.feed import (
    FeedMessageInvalid,
    dedupe_key,
    is_movement_event,
    parse_movement_message,
)
from pathways.messaging.incoming import DeadLetterReason, Incoming, Poison, parse_json


def _unwrap(body: Any) -> Any:
    if isinstance(body, Mapping) and body.get("Type") == "Notification":
        message = body.get("Message")
        if not isinstance(message, str):
            raise Poison(DeadLetterReason.INVALID_ENVELOPE, "SNS notification without a Message")
        return parse_json(message)  # bounded like any record: size, depth, finite numbers
    return body


def decode_feed_message(record: Any) -> Incoming | None:
    """Turn one Kafka record of the movement feed into an `Incoming` (or skip / poison)."""
    body = _unwrap(parse_json(record.value))
    if not isinstance(body, Mapping):
        raise Poison(DeadLetterReason.INVALID_ENVELOPE, "a feed message must be a JSON object")
    event_type = body.get("eventType")
    if not isinstance(event_type, str) or not event_type:
        raise Poison(DeadLetterReason.INVALID_ENVELOPE, "the feed message has no eventType")
    if not is_movement_event(body):
        return None
    try:
        message = parse_movement_message(body)
    except FeedMessageInvalid as invalid:
        raise Poison(DeadLetterReason.INVALID_DATA, f"{invalid.reason_code}: {invalid}") from None
    return Incoming(
        event_id=dedupe_key(message),
        event_type=message.event_type,
        data=message,
        correlation_id=None,
        record=record,
    )
