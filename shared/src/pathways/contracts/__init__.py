"""The public event contract: CloudEvents envelope, every event type, the catalogue."""

from pathways.contracts.envelope import CONTENT_TYPE, CloudEvent, EventData, field_of
from pathways.contracts.registry import (
    ALL_EVENTS,
    HMPPS_TOPIC,
    PUBLIC_TOPICS,
    REGISTRY,
    UnknownEventType,
    dead_letter_topic,
    model_for,
    parse_data,
)

__all__ = [
    "ALL_EVENTS",
    "CONTENT_TYPE",
    "HMPPS_TOPIC",
    "PUBLIC_TOPICS",
    "REGISTRY",
    "CloudEvent",
    "EventData",
    "UnknownEventType",
    "dead_letter_topic",
    "field_of",
    "model_for",
    "parse_data",
]
