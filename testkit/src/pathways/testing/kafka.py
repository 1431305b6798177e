"""Plain Kafka clients for tests, as an outside integration would use them."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from pathways.testing.local_broker import free_port, start_tansu, stop


@contextmanager
def kafka_server() -> Iterator[str]:
    """An address from KAFKA_BOOTSTRAP_SERVERS, else testcontainers' Kafka where Docker
    answers, else a Tansu process on a free port."""
    from pathways.testing.postgres import docker_answers

    if address := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield address
    elif docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer() as container:
            yield container.get_bootstrap_server()
    else:
        port = free_port()
        process: subprocess.Popen[bytes] = start_tansu(port)
        try:
            yield f"127.0.0.1:{port}"
        finally:
            stop(process)


async def publish(
    bootstrap: str,
    topic: str,
    values: list[bytes],
    *,
    key: bytes | None = None,
    headers: list[tuple[str, bytes]] | None = None,
    max_request_size: int = 1024 * 1024,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, max_request_size=max_request_size)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=key, headers=headers or [])
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[ConsumerRecord[Any, Any]]], bool],
    timeout: float = 30.0,
) -> list[ConsumerRecord[Any, Any]]:
    """Read `topic` from the start (no consumer group) until `until(records)` or timeout."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[ConsumerRecord[Any, Any]] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while not until(records):
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            batch = await consumer.getmany(timeout_ms=int(min(left, 0.5) * 1000))
            for part in batch.values():
                records.extend(part)
    finally:
        await consumer.stop()
    return records


async def end_offsets(bootstrap: str, *topics: str) -> dict[tuple[str, int], int]:
    """The end offset of every partition of `topics` (what was ever written to them)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # metadata of every topic
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        assert len({tp.topic for tp in partitions}) == len(topics), f"no such topic in {topics}"
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return {(tp.topic, tp.partition): offset for tp, offset in ends.items()}
