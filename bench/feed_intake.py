"""Feed receptions through intake, beside the raw aiokafka read of the same topic.

Publishes N receptions of new people (the ministry's JSON, one per prison number) to a fresh
feed topic, reads them with a plain aiokafka consumer (the baseline), then starts intake
itself (the chassis: migrations, subscriber, relay) on SQLite and PostgreSQL and times it
from its first batch until every reception is in its inbox (each one a person created, an
audit row and an intake.person.received.v1 outbox row, committed per batch)."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import table
from aiokafka import AIOKafkaProducer
from kit_throughput import raw_rate
from sqlalchemy import func, select

from pathways.intake.app import create_app
from pathways.intake.settings import Settings
from pathways.messaging.tables import dead_letters, inbox
from pathways.messaging.topics import ensure_topics
from pathways.platform.settings import ServiceSettings
from pathways.testing.ids import unique_prison_number
from pathways.testing.service import running

N = int(os.environ.get("BENCH_FEED_EVENTS", "10000"))
GIVE_UP_SECONDS = 600  # a bench that cannot finish says so instead of hanging
RECEIVED = "prisoner-offender-search.prisoner.received"
BEFORE = "108-160/s (issue 14, one transaction per message)"


def reception(noms: str, at: datetime) -> bytes:
    return json.dumps({
        "eventType": RECEIVED,
        "version": 1,
        "description": "A prisoner has been received",
        "occurredAt": at.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
        "additionalInformation": {"nomsNumber": noms, "prisonId": "BAI", "reason": "NEW_ADMISSION"},
        "personReference": {"identifiers": [{"type": "NOMS", "value": noms}]},
    }).encode()  # fmt: skip


async def produce(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    at = datetime.now(UTC) - timedelta(days=1)
    futures = []
    for _ in range(N):
        noms = unique_prison_number()
        futures.append(await producer.send(topic, reception(noms, at), key=noms.encode()))
    await asyncio.gather(*futures)
    await producer.stop()


async def intake_rate(bootstrap: str, topic: str, database_url: str, key_file: str) -> float:
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        feed_topic=topic,
        auth_dev_key_file=key_file,
        consumer_batch_size=int(os.environ.get("CONSUMER_BATCH_SIZE", "1000")),
        log_level="warning",
        log_format="console",
    )
    app = create_app(settings)
    consumer = app.state.runtime.definition.consumers[0]
    first: list[float] = []
    apply = consumer.apply

    async def timed_apply(records):  # type: ignore[no-untyped-def]
        first or first.append(time.perf_counter())
        await apply(records)

    consumer.apply = timed_apply  # type: ignore[method-assign]
    async with running(app):
        sessions = app.state.runtime.sessions
        waited, deadline = 0, time.monotonic() + GIVE_UP_SECONDS
        while True:
            async with sessions() as session:
                done = await session.scalar(select(func.count()).select_from(inbox))
                dl = await session.scalar(select(func.count()).select_from(dead_letters))
            if done + dl >= N:  # a dead-lettered message is handled too (it has no inbox row)
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"feed bench: {done:,} of {N:,} applied after {GIVE_UP_SECONDS} s")
            await asyncio.sleep(0.05)
            waited += 1
            if waited % 200 == 0:
                print(f"  ... {done:,} of {N:,} applied, {dl} dead letters", flush=True)
        elapsed = time.perf_counter() - first[0]
    return N / elapsed


async def run(bootstrap: str, postgres: str, folder: str) -> None:
    from pathways.testing.postgres import create_database, drop_database

    # a feed topic per database: intake's consumer group commits past what one run applied
    feeds = [f"bench.feed.{uuid.uuid4().hex[:6]}" for _ in range(2)]
    topics = [*feeds, "pathways.intake", "pathways.intake.dlq"]
    await ensure_topics(ServiceSettings(kafka_bootstrap_servers=bootstrap), topics, partitions=6)
    for feed in feeds:  # a backlog: intake catches up from its first batch
        await produce(bootstrap, feed)
    raw = await raw_rate(bootstrap, feeds[0], N)
    print(f"  produced and read {N:,} receptions", flush=True)
    key_file = f"{folder}/dev-jwt-key.pem"
    sqlite_url = f"sqlite+aiosqlite:///{folder}/f.db"
    sqlite = await intake_rate(bootstrap, feeds[0], sqlite_url, key_file)
    database = await create_database(postgres, "pathways_bench")
    try:
        pg = await intake_rate(bootstrap, feeds[1], database, key_file)
    finally:
        await drop_database(postgres, database)
    print(f"feed receptions through intake ({N:,} new people; before: {BEFORE})")
    print(f"  raw aiokafka read, same topic, same run: {raw:>9,.0f} events/s (baseline)")
    for name, rate in (("SQLite", sqlite), ("PostgreSQL", pg)):
        print(f"  intake on {name:<10} {rate:>24,.0f} events/s   ratio {rate / raw:.1%}")
        table.record(
            f"feed receptions through intake ({name})",
            f"{rate:,.0f}/s",
            f"raw read {raw:,.0f}/s",
            table.ratio_of(rate, raw),
            ">= 5,000/s",
        )
    print("  goal: >= 5,000/s")


if __name__ == "__main__":
    from contextlib import ExitStack

    from pathways.testing.kafka import kafka_server
    from pathways.testing.postgres import postgres_server

    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        asyncio.run(
            run(stack.enter_context(kafka_server()), stack.enter_context(postgres_server()), folder)
        )
