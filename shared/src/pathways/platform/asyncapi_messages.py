"""The AsyncAPI messages: a Pathways event (its CloudEvent envelope with `data`, the Kafka
key and headers) and a ministry movement event on `hmpps.domain-events` (the ministry's own
JSON, not a CloudEvent: see design/prison-feed.md)."""

from __future__ import annotations

import re
from typing import Any

from pathways.contracts import CONTENT_TYPE, EventData

KAFKA_BINDING = "0.5.0"
REF = "#/components/schemas/"
FEED_CONTENT_TYPE = "application/json"


def ident(name: str) -> str:
    """An AsyncAPI id from a topic or type name: the name itself (components allow letters,
    digits, '.', '-' and '_'), anything else replaced."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def envelope_schema(model: type[EventData], data: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The CloudEvent of one type: `type` fixed, `data` the type's schema."""
    return f"{ident(model.event_type)}.envelope", {
        "title": f"{model.event_type} (CloudEvent)",
        "allOf": [
            {"$ref": REF + "CloudEvent"},
            {
                "type": "object",
                "required": ["type", "subject", "data"],
                "properties": {
                    "type": {"const": model.event_type},
                    "subject": {"type": "string", "description": "The Kafka key"},
                    "data": data,
                },
            },
        ],
    }


def event_message(model: type[EventData], envelope: str) -> dict[str, Any]:
    return {
        "name": model.event_type,
        "title": model.event_type,
        "summary": (model.__doc__ or model.event_type).strip().splitlines()[0],
        "contentType": CONTENT_TYPE,
        "headers": {"$ref": REF + "CloudEventHeaders"},
        "payload": {"$ref": REF + envelope},
        "bindings": {
            "kafka": {
                "key": {
                    "type": "string",
                    "description": f"The {model.key_field}: one person's events in order",
                },
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


HEADERS = {
    "type": "object",
    "description": "Kafka headers of a Pathways event (no ce_* headers: structured mode)",
    "properties": {
        "content-type": {"const": CONTENT_TYPE},
        "event_type": {"type": "string", "description": "The CloudEvent's type"},
        "event_id": {"type": "string", "description": "The CloudEvent's id"},
        "correlation_id": {
            "type": "string",
            "description": "The correlation id of the work that caused the event",
        },
        "traceparent": {
            "type": "string",
            "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
            "description": "W3C Trace Context of the span that published the event (absent "
            "for events written outside any trace); consumers continue that trace",
        },
    },
}


def union(topic: str, messages: dict[str, Any]) -> dict[str, Any]:
    """Any event of the topic as one schema, told apart by `type`."""
    return {
        "title": f"Any event on {topic}",
        "oneOf": [{"$ref": f"{REF}{m}.envelope"} for m in sorted(messages)],
        "discriminator": "type",
    }


def feed_message(event_type: str) -> dict[str, Any]:
    return {
        "name": event_type,
        "title": event_type,
        "summary": "A ministry movement event (HMPPS domain event JSON)",
        "contentType": FEED_CONTENT_TYPE,
        "payload": {
            "type": "object",
            "required": ["eventType", "occurredAt", "additionalInformation"],
            "properties": {
                "eventType": {"const": event_type},
                "version": {"type": "integer"},
                "occurredAt": {"type": "string", "format": "date-time"},
                "publishedAt": {"type": "string", "format": "date-time"},
                "description": {"type": "string"},
                "additionalInformation": {
                    "type": "object",
                    "properties": {
                        "nomsNumber": {"type": "string", "pattern": "^[A-Z][0-9]{4}[A-Z]{2}$"},
                        "prisonId": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                },
                "personReference": {
                    "type": "object",
                    "properties": {
                        "identifiers": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "type": {"type": "string"},
                                    "value": {"type": "string"},
                                },
                            },
                        }
                    },
                },
            },
        },
    }
