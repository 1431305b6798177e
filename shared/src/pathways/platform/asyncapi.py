"""The AsyncAPI 3 document of a service, describing what is on the wire: one channel per
topic; per event type one message whose payload is the whole CloudEvent (structured mode,
`application/cloudevents+json`) with its `data` schema, the Kafka key and headers; a `send`
operation per published topic and a `receive` operation per consumed topic. Ids come from
topic and type names only, so they stay the same across rebuilds and restarts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pathways.contracts import CONTENT_TYPE, REGISTRY, CloudEvent, EventData
from pathways.platform.asyncapi_messages import (
    HEADERS,
    KAFKA_BINDING,
    REF,
    envelope_schema,
    event_message,
    feed_message,
    ident,
    union,
)


class Document:
    def __init__(self, title: str, description: str, servers: str) -> None:
        self.schemas: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        self.channels: dict[str, Any] = {}
        self.operations: dict[str, Any] = {}
        self.head = {
            "asyncapi": "3.1.0",
            "info": {"title": title, "version": "1.0.0", "description": description},
            "defaultContentType": CONTENT_TYPE,
            "servers": {
                "kafka": {
                    "host": servers,
                    "protocol": "kafka",
                    "description": "The platform's Kafka cluster",
                }
            },
        }

    def add_schema(self, model: type[Any]) -> dict[str, str]:
        schema = model.model_json_schema(ref_template=REF + "{model}")
        for name, sub in schema.pop("$defs", {}).items():
            self._keep(name, sub)
        self._keep(model.__name__, schema)
        return {"$ref": REF + model.__name__}

    def _keep(self, name: str, schema: dict[str, Any]) -> None:
        if self.schemas.setdefault(name, schema) != schema:
            raise ValueError(f"two contract schemas are both named {name!r}")

    def channel(self, topic: str) -> dict[str, Any]:
        return self.channels.setdefault(
            ident(topic),
            {
                "address": topic,
                "messages": {},
                "bindings": {"kafka": {"topic": topic, "bindingVersion": KAFKA_BINDING}},
            },
        )

    def add_message(self, topic: str, event_type: str) -> dict[str, str]:
        """The message of `event_type` on `topic`; returns the operation's reference to it."""
        message_id = ident(event_type)
        if message_id not in self.messages:
            model = REGISTRY.get(event_type)
            self.messages[message_id] = (
                self._event_message(model) if model else feed_message(event_type)
            )
        self.channel(topic)["messages"][message_id] = {
            "$ref": f"#/components/messages/{message_id}"
        }
        return {"$ref": f"#/channels/{ident(topic)}/messages/{message_id}"}

    def _event_message(self, model: type[EventData]) -> dict[str, Any]:
        self.add_schema(CloudEvent)
        envelope, schema = envelope_schema(model, self.add_schema(model))
        self.schemas[envelope] = schema
        return event_message(model, envelope)

    def operation(
        self, operation_id: str, action: str, topic: str, refs: list[dict[str, str]], **extra: Any
    ) -> None:
        self.operations[operation_id] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{ident(topic)}"},
            "messages": refs,
            **extra,
        }

    def to_json(self) -> dict[str, Any]:
        self.schemas.setdefault("CloudEventHeaders", HEADERS)
        for topic_id, channel in self.channels.items():
            if channel["address"].startswith("pathways."):
                self.schemas[f"{topic_id}.event"] = union(channel["address"], channel["messages"])
        return {
            **self.head,
            "channels": _sorted(self.channels),
            "operations": _sorted(self.operations),
            "components": {"schemas": _sorted(self.schemas), "messages": _sorted(self.messages)},
        }


def _sorted(mapping: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(mapping.items()))


def build_document(
    name: str,
    description: str,
    servers: str,
    publishes: Sequence[type[EventData]],
    consumers: Iterable[Any],
) -> dict[str, Any]:
    document = Document(f"Pathways {name}", description, servers)
    by_topic: dict[str, list[dict[str, str]]] = {}
    for event in sorted(publishes, key=lambda e: e.event_type):
        by_topic.setdefault(event.topic(), []).append(
            document.add_message(event.topic(), event.event_type)
        )
    for topic, refs in by_topic.items():
        document.operation(
            f"send_{ident(topic)}",
            "send",
            topic,
            refs,
            summary=f"{name} publishes these events on {topic}",
        )
    consumes: dict[str, Any] = {}
    for consumer in consumers:
        types = sorted({*consumer.handlers, *consumer.batch_handlers})
        for topic in consumer.topics:
            refs = [document.add_message(topic, t) for t in types if _carries(topic, t)]
            document.operation(
                f"receive_{ident(consumer.name)}_{ident(topic)}",
                "receive",
                topic,
                refs,
                summary=f"{name} applies these events from {topic}",
                description=consumer.description or f"Consumer group {consumer.group_id}",
                bindings={
                    "kafka": {
                        "groupId": {"type": "string", "enum": [consumer.group_id]},
                        "bindingVersion": KAFKA_BINDING,
                    }
                },
            )
        consumes[consumer.group_id] = {
            "topics": list(consumer.topics),
            "events": {t: _message_ref(document, t) for t in types},
        }
    # Pathways' own summary for tools (group -> topics and types), valid references only.
    return {
        **document.to_json(),
        "x-pathways-consumes": consumes,
        "x-pathways-publishes": sorted(e.event_type for e in publishes),
    }


def _carries(topic: str, event_type: str) -> bool:
    model = REGISTRY.get(event_type)
    return model.topic() == topic if model else not topic.startswith("pathways.")


def _message_ref(document: Document, event_type: str) -> dict[str, str]:
    message_id = ident(event_type)
    return (
        {"$ref": f"#/components/messages/{message_id}"} if message_id in document.messages else {}
    )
