"""The baseline of the release workflow row: a plain aiokafka relay chain of four processes
on the same broker (topic 0 → process 1 → topic 1 → … → topic 4), no database, no
decoding: the broker's own cost of four hops in a row, each hop its own OS process.

`python bench/relay_chain.py hop BOOTSTRAP SOURCE TARGET` is one process of the chain."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from pathways.messaging.topics import ensure_topics
from pathways.platform.settings import ServiceSettings

HOPS = 4
READY = b"ready"


async def hop(bootstrap: str, source: str, target: str) -> None:
    """Copy every record of `source` to `target`, batch by batch, until killed."""
    consumer = AIOKafkaConsumer(
        source, bootstrap_servers=bootstrap, group_id=f"{source}-relay",
        auto_offset_reset="earliest", fetch_max_wait_ms=10, max_poll_records=5000,
    )  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=2)
    await consumer.start()
    await producer.start()
    while True:
        batch = await consumer.getmany(timeout_ms=100, max_records=5000)
        sends = [
            await producer.send(target, record.value, key=record.key)
            for records in batch.values()
            for record in records
        ]
        await asyncio.gather(*sends)
        if sends:
            await consumer.commit()


async def chain_rate(bootstrap: str, count: int) -> float:
    """Messages per second through the four processes: the first sent to the last read."""
    prefix = f"bench.chain.{uuid.uuid4().hex[:6]}"
    topics = [f"{prefix}.{i}" for i in range(HOPS + 1)]
    await ensure_topics(ServiceSettings(kafka_bootstrap_servers=bootstrap), topics, partitions=3)
    processes = [
        subprocess.Popen([sys.executable, __file__, "hop", bootstrap, topics[i], topics[i + 1]])  # noqa: ASYNC220 - started once, before timing
        for i in range(HOPS)
    ]
    try:
        reader = AIOKafkaConsumer(topics[-1], bootstrap_servers=bootstrap,
                                  auto_offset_reset="earliest", fetch_max_wait_ms=10)  # fmt: skip
        await reader.start()
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
        await producer.start()
        await producer.send_and_wait(topics[0], READY, key=b"warm")  # every hop has joined
        await until(reader, lambda record: record.value == READY)
        started = time.perf_counter()
        sends = [
            await producer.send(topics[0], b'{"n": %d}' % i, key=str(i % 500).encode())
            for i in range(count)
        ]
        await asyncio.gather(*sends)
        seen = [0]
        await until(reader, lambda _: (seen.__setitem__(0, seen[0] + 1), seen[0] >= count)[1])
        elapsed = time.perf_counter() - started
        await producer.stop()
        await reader.stop()
        return count / elapsed
    finally:
        for process in processes:
            process.kill()
            process.wait(10)


async def until(reader: AIOKafkaConsumer, done) -> None:
    while True:
        batch = await reader.getmany(timeout_ms=200)
        if any(done(r) for records in batch.values() for r in records):
            return


if __name__ == "__main__" and sys.argv[1:2] == ["hop"]:
    asyncio.run(hop(*sys.argv[2:5]))
