"""Consumer catch-up after an outage (issue 14): mentoring, family and placements each find
a backlog of N producer-shaped intake events (CloudEvents as the relay publishes them, with
their headers and keys: mixed custody stories of many people at several prisons) on the real
broker, and catch up with the chassis as `make up` runs it (SQLite): once on the one-by-one
path (`EventConsumer.set_based = False`: each event reads and writes for itself) and once
set-based (the unit of work loads the batch's people at once and writes it staged), timed
from the first batch until every event it handles is in its inbox, beside a raw aiokafka
read of the same topic in the same run."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable
from typing import Any

import table
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import func, select

from pathways.contracts import EventData
from pathways.messaging.outgoing import event_message
from pathways.messaging.tables import dead_letters, inbox
from pathways.messaging.topics import ensure_topics
from pathways.platform.settings import ServiceSettings
from pathways.testing.batch_stories import on_topic, stories
from pathways.testing.ids import unique_prison_code
from pathways.testing.service import running

N = int(os.environ.get("BENCH_CATCHUP_EVENTS", "20000"))
PRISONS = 10
GIVE_UP_SECONDS = 900
BEFORE = {"mentoring": "229/s", "family": "408-480/s", "placements": "338-444/s"}  # issue 14
OUT_TOPICS = ["pathways.mentoring", "pathways.family", "pathways.placements"]


def backlog() -> list[EventData]:
    """About N intake events: mixed stories of N/4 people spread over a few prisons."""
    per_prison = N // 4 // PRISONS + 1
    events = [e for _ in range(PRISONS) for e in stories(per_prison, unique_prison_code())]
    return on_topic(events)[:N]


async def produce(bootstrap: str, topic: str, events: list[EventData]) -> None:
    """As the relay publishes: the CloudEvent, its headers and a traceparent, keyed."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    futures = []
    for data in events:
        message = event_message(data, "pathways/intake", causation_id=str(uuid.uuid4()))
        trace = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
        headers = [(k, v.encode()) for k, v in {**message.headers, "traceparent": trace}.items()]
        futures.append(
            await producer.send(
                topic, message.payload, key=(message.key or "").encode(), headers=headers
            )
        )
    await asyncio.gather(*futures)
    await producer.stop()


async def raw_read(bootstrap: str, topic: str, count: int) -> float:
    """A plain aiokafka consumer reading the topic from the start (timed from its first
    fetch), `json.loads` of every value: what a consumer costs before any database."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    seen, started = 0, time.perf_counter()
    while seen < count:
        batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
        for records in batch.values():
            seen += len([json.loads(r.value) for r in records])
    elapsed = time.perf_counter() - started
    await consumer.stop()
    return count / elapsed


def apps() -> dict[str, Callable[..., Any]]:
    from pathways.family.app import create_app as family
    from pathways.family.settings import Settings as FamilySettings
    from pathways.mentoring.app import create_app as mentoring
    from pathways.mentoring.settings import Settings as MentoringSettings
    from pathways.placements.app import create_app as placements
    from pathways.placements.settings import Settings as PlacementsSettings

    every = {
        "mentoring": lambda **s: mentoring(MentoringSettings(**s)),
        "family": lambda **s: family(FamilySettings(**s)),
        "placements": lambda **s: placements(PlacementsSettings(**s)),
    }
    chosen = os.environ.get("BENCH_CATCHUP_SERVICES", ",".join(every)).split(",")
    return {name: make for name, make in every.items() if name in chosen}


async def catch_up(
    make: Callable[..., Any], events: list[EventData], set_based: bool, **settings: Any
) -> float:
    """Events/s from the service's first batch until it has applied the whole backlog."""
    app = make(
        consumer_batch_size=int(os.environ.get("CONSUMER_BATCH_SIZE", "500")),
        log_level="warning",
        log_format="console",
        **settings,
    )
    consumer = app.state.runtime.definition.consumers[0]
    consumer.set_based = set_based
    handled = {*consumer.handlers, *consumer.batch_handlers}
    expected = sum(1 for e in events if e.event_type in handled)
    first: list[float] = []
    sizes: list[int] = []
    apply = consumer.apply

    async def timed_apply(records: Any) -> None:
        first or first.append(time.perf_counter())
        sizes.append(len(records))
        await apply(records)

    consumer.apply = timed_apply
    async with running(app):
        sessions, deadline = app.state.runtime.sessions, time.monotonic() + GIVE_UP_SECONDS
        while True:
            async with sessions() as session:
                done = await session.scalar(select(func.count()).select_from(inbox))
                dl = await session.scalar(select(func.count()).select_from(dead_letters))
            if done + dl >= expected:
                break
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"catch-up bench: {done:,} of {expected:,} after {GIVE_UP_SECONDS} s"
                )
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - first[0]
    print(f"    {len(sizes)} batches, {sum(sizes) / len(sizes):,.0f} records each", flush=True)
    return expected / elapsed


async def run(bootstrap: str, folder: str) -> None:
    events = backlog()
    runs = [(name, mode) for name in apps() for mode in ("before", "after")]
    topics = {run: f"bench.catchup.{uuid.uuid4().hex[:6]}" for run in runs}
    quiet = f"bench.catchup.mentoring.{uuid.uuid4().hex[:6]}"  # placements' second topic
    dlqs = [f"pathways.{name}.dlq" for name in apps()]
    await ensure_topics(
        ServiceSettings(kafka_bootstrap_servers=bootstrap),
        [*topics.values(), quiet, *OUT_TOPICS, *dlqs],
        partitions=6,
    )
    for topic in topics.values():  # a backlog each: a consumer group commits past a run
        await produce(bootstrap, topic, events)
    print(f"  produced {len(events):,} intake events on {len(topics)} topics", flush=True)
    figures: dict[tuple[str, str], float] = {}
    raw: dict[str, float] = {}
    for name, make in apps().items():
        raw[name] = await raw_read(bootstrap, topics[(name, "after")], len(events))
        extra = {"mentoring_topic": quiet} if name == "placements" else {}
        for mode in ("before", "after"):
            figures[(name, mode)] = await catch_up(
                make,
                events,
                mode == "after",
                database_url=f"sqlite+aiosqlite:///{folder}/{name}-{mode}.db",
                kafka_bootstrap_servers=bootstrap,
                intake_topic=topics[(name, mode)],
                auth_dev_key_file=f"{folder}/dev-jwt-key.pem",
                **extra,
            )
            print(f"  {name} {mode}: {figures[(name, mode)]:,.0f} events/s", flush=True)
    print(f"consumer catch-up, a backlog of {len(events):,} intake events (SQLite)")
    for name in apps():
        before, after = figures[(name, "before")], figures[(name, "after")]
        print(
            f"  {name:<11} raw aiokafka read + json.loads: {raw[name]:>9,.0f} events/s (baseline)"
        )
        print(
            f"  {'':<11} one by one (set_based off):   {before:>9,.0f} events/s"
            f"   ratio {before / raw[name]:.1%}   (issue 14: {BEFORE[name]})"
        )
        print(
            f"  {'':<11} set-based:                    {after:>9,.0f} events/s"
            f"   ratio {after / raw[name]:.1%}   x{after / before:.1f}"
        )
        table.record(
            f"consumer catch-up, {name} (one by one {before:,.0f}/s)",
            f"{after:,.0f}/s",
            f"raw read + json.loads {raw[name]:,.0f}/s",
            table.ratio_of(after, raw[name]),
            ">= 5,000/s",
        )
    print("  goal: >= 5,000/s per service")


if __name__ == "__main__":
    from on_broker import run_on_broker_in_folder

    run_on_broker_in_folder(run)
