"""Offsets of topics: where they end (a rebuild's target) and how far a consumer
group has committed (its progress). Plain aiokafka clients, short-lived."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from pathways.messaging.broker import admin_kwargs
from pathways.platform.settings import ServiceSettings

TIMEOUT_S = 10.0


def _name(tp: TopicPartition) -> str:
    return f"{tp.topic}/{tp.partition}"


async def _partitions(consumer: AIOKafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    await consumer.topics()  # refreshes the metadata
    return [
        TopicPartition(topic, partition)
        for topic in topics
        for partition in sorted(consumer.partitions_for_topic(topic) or ())
    ]


async def end_offsets(settings: ServiceSettings, topics: Sequence[str]) -> dict[str, int]:
    consumer = AIOKafkaConsumer(**admin_kwargs(settings), enable_auto_commit=False)  # type: ignore[arg-type]
    await asyncio.wait_for(consumer.start(), TIMEOUT_S)
    try:
        parts = await _partitions(consumer, topics)
        ends = await asyncio.wait_for(consumer.end_offsets(parts), TIMEOUT_S) if parts else {}
        return {_name(tp): int(offset) for tp, offset in ends.items()}
    finally:
        await consumer.stop()


async def committed_offsets(
    settings: ServiceSettings, group_id: str, names: Sequence[str]
) -> dict[str, int]:
    consumer = AIOKafkaConsumer(
        **admin_kwargs(settings),  # type: ignore[arg-type]
        group_id=group_id,
        enable_auto_commit=False,
    )
    await asyncio.wait_for(consumer.start(), TIMEOUT_S)
    try:
        found: dict[str, int] = {}
        for name in names:
            topic, _, partition = name.rpartition("/")
            offset = await asyncio.wait_for(
                consumer.committed(TopicPartition(topic, int(partition))), TIMEOUT_S
            )
            found[name] = int(offset or 0)
        return found
    finally:
        await consumer.stop()
