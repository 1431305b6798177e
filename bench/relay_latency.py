"""Relay hop latency: outbox commit -> record read by a consumer, p50/p99, beside the raw
broker hop (aiokafka send -> the same consumer) in the same run, on SQLite. Two relay
modes: woken by the commit (the chassis' wiring) and poll only (the fallback, as before)."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from pathways.messaging.broker import make_broker
from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.relay import OutboxRelay, faststream_publisher
from pathways.messaging.tables import kit_metadata
from pathways.messaging.topics import ensure_topics
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.db import create_engine, session_factory
from pathways.platform.settings import ServiceSettings

K = int(os.environ.get("BENCH_HOPS", "200"))
GAP_S = 0.02  # a steady 50/s


class Reader:
    def __init__(self, bootstrap: str, topic: str) -> None:
        self.arrived: dict[bytes, float] = {}
        self._more = asyncio.Event()
        self._consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_wait_ms=20
        )

    async def run(self) -> None:
        await self._consumer.start()
        try:
            while True:
                batch = await self._consumer.getmany(timeout_ms=100)
                now = time.perf_counter()
                for records in batch.values():
                    for record in records:
                        self.arrived.setdefault(record.value, now)
                self._more.set()
        finally:
            await self._consumer.stop()

    async def wait_for(self, keys: list[bytes]) -> None:
        while not all(k in self.arrived for k in keys):
            self._more.clear()
            await self._more.wait()


def percentiles(sent: dict[bytes, float], reader: Reader) -> tuple[float, float]:
    hops = sorted((reader.arrived[k] - t) * 1000 for k, t in sent.items())
    return statistics.median(hops), hops[min(len(hops) - 1, int(len(hops) * 0.99))]


async def hops(bootstrap: str, folder: str, *, woken: bool | None) -> tuple[float, float]:
    topic = f"bench.hop.{uuid.uuid4().hex[:6]}"
    settings = ServiceSettings(kafka_bootstrap_servers=bootstrap)
    await ensure_topics(settings, [topic], partitions=3)
    reader = Reader(bootstrap, topic)
    reading = asyncio.create_task(reader.run())
    sent: dict[bytes, float] = {}
    if woken is None:  # the raw broker hop
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        for i in range(K):
            key = f"{topic}-{i}".encode()
            sent[key] = time.perf_counter()
            await producer.send(topic, key, key=b"k")
            await asyncio.sleep(GAP_S)
        await reader.wait_for(list(sent))
        await producer.stop()
    else:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/{topic}.db")
        async with engine.begin() as conn:
            await conn.run_sync(kit_metadata.create_all)
        sessions = session_factory(engine)
        broker = make_broker(settings)
        await broker.start()
        relay = OutboxRelay(sessions, faststream_publisher(broker))  # the default 1 s poll
        relay.ready.set()
        relaying = asyncio.create_task(relay.run())
        for i in range(K):
            key = f"{topic}-{i}".encode()
            async with UnitOfWork(
                sessions, source="bench", on_commit=relay.wake if woken else None
            ) as uow:
                uow.emit_message(OutgoingMessage(key.decode(), "bench", topic, "k", key))
                await uow.commit()
            sent[key] = time.perf_counter()
            await asyncio.sleep(GAP_S)
        await reader.wait_for(list(sent))
        relaying.cancel()
        await broker.stop()
        await engine.dispose()
    reading.cancel()
    return percentiles(sent, reader)


async def main(bootstrap: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = await hops(bootstrap, folder, woken=None)
        woken = await hops(bootstrap, folder, woken=True)
        polled = await hops(bootstrap, folder, woken=False)
    print(f"relay hop, commit -> read by a consumer ({K} events at 50/s, SQLite)")
    print(f"  raw broker hop (baseline)  p50 {raw[0]:7.1f} ms   p99 {raw[1]:7.1f} ms")
    for name, (p50, p99) in (("relay woken by commit", woken), ("relay, poll only (1 s)", polled)):
        print(
            f"  {name:<26} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"
            f"   ratio p50 {p50 / raw[0]:.1f}x  p99 {p99 / raw[1]:.1f}x"
        )
    print("  goal: p99 < 250 ms end to end")


if __name__ == "__main__":
    from on_broker import run_on_broker

    run_on_broker(main)
