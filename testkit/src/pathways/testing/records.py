"""Kafka records without the broker: what a service test hands straight to a service's real
consumer (decoding, inbox, handlers, commit), as if read from its topic."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pathways.contracts import CloudEvent, EventData

_offsets = itertools.count(1)
Message = CloudEvent | EventData | dict[str, Any] | bytes


@dataclass
class FakeKafkaRecord:
    """The fields of aiokafka's ConsumerRecord the kit's consumer reads."""

    value: bytes
    key: bytes | None = None
    topic: str = "pathways.intake"
    partition: int = 0
    offset: int = field(default_factory=lambda: next(_offsets))
    timestamp: int = field(default_factory=lambda: int(time.time() * 1000))
    headers: tuple[tuple[str, bytes], ...] = ()


def record_of(message: Message, topic: str | None = None) -> FakeKafkaRecord:
    """A contract event (wrapped as its producer would), an envelope, a feed message (a dict)
    or raw bytes, keyed and on the topic its type names unless `topic` says otherwise."""
    if isinstance(message, EventData):
        message = CloudEvent.wrap(message, source=f"pathways/{message.topic().split('.')[1]}")
    if isinstance(message, CloudEvent):
        home = f"pathways.{message.type.split('.', 1)[0]}"
        key = message.subject.encode() if message.subject else None
        return FakeKafkaRecord(message.to_bytes(), key, topic or home)
    value = message if isinstance(message, bytes) else json.dumps(message).encode()
    return FakeKafkaRecord(value, topic=topic or "pathways.intake")


async def deliver(
    consumer: Any, messages: Iterable[Message], topic: str | None = None, batch: int = 0
) -> list[FakeKafkaRecord]:
    """Apply `messages` through `consumer` (the kit's EventConsumer): in one batch, or in
    batches of `batch`. Returns the records it read."""
    records = [record_of(m, topic) for m in messages]
    size = batch or max(len(records), 1)
    for start in range(0, len(records), size):
        await consumer.apply(records[start : start + size])
    return records
