"""Throughput of the messaging kit against the raw aiokafka consume rate.

Publishes N small CloudEvents, then measures (1) a plain aiokafka consumer and (2) the kit's
consumer applying each event through inbox + a database write + an outbox event + commit,
offsets committed after the effect — on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from contextlib import ExitStack

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pathways.contracts import CloudEvent
from pathways.contracts.family import CaseOpened
from pathways.contracts.intake import PersonRecategorised
from pathways.messaging.broker import make_broker
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.incoming import Incoming
from pathways.messaging.tables import inbox, kit_metadata
from pathways.messaging.topics import ensure_topics
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.db import create_engine, session_factory
from pathways.platform.settings import ServiceSettings
from pathways.testing.kafka import kafka_server
from pathways.testing.postgres import create_database, drop_database, postgres_server

N = int(os.environ.get("BENCH_EVENTS", "30000"))


class Base(DeclarativeBase):
    pass


class Effect(Base):
    """The change each event makes: one row, added through the ORM and flushed per batch."""

    __tablename__ = "effects"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(String(36))


metadata = Base.metadata


async def produce(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    people = [uuid.uuid4() for _ in range(500)]
    futures = []
    for i in range(N):
        person = people[i % len(people)]
        event = CloudEvent.wrap(PersonRecategorised(person_id=person, category="D"), source="b")
        futures.append(await producer.send(topic, event.to_bytes(), key=str(person).encode()))
    await asyncio.gather(*futures)
    await producer.stop()


async def raw_rate(bootstrap: str, topic: str, count: int = N) -> float:
    """A plain aiokafka consumer reading `count` records of `topic` from the start."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=5000,
    )
    await consumer.start()
    seen, started = 0, None
    while seen < count:
        batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
        started = started or time.perf_counter()
        seen += sum(len(records) for records in batch.values())
    elapsed = time.perf_counter() - started
    await consumer.stop()
    return count / elapsed


async def on_recategorised(incoming: Incoming, uow: UnitOfWork) -> None:
    """Per-event handler: one INSERT round trip per event."""
    await uow.session.execute(insert(Effect).values(person_id=str(incoming.data.person_id)))
    uow.emit(CaseOpened(case_id=uuid.uuid4(), person_id=incoming.data.person_id))


async def on_recategorised_batch(run: list[Incoming], uow: UnitOfWork) -> None:
    """Batch handler: the same effects as one multi-row INSERT."""
    await uow.session.execute(insert(Effect), [{"person_id": str(i.data.person_id)} for i in run])
    for incoming in run:
        uow.emit(
            CaseOpened(case_id=uuid.uuid4(), person_id=incoming.data.person_id), caused_by=incoming
        )


async def kit_rate(bootstrap: str, topic: str, database_url: str, *, batched: bool) -> float:
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
        await conn.run_sync(metadata.create_all)
    sessions = session_factory(engine)
    settings = ServiceSettings(kafka_bootstrap_servers=bootstrap)
    broker = make_broker(settings)
    name = f"bench{uuid.uuid4().hex[:6]}"
    kind = PersonRecategorised.event_type
    consumer = (
        EventConsumer(name, [topic], {}, batch_handlers={kind: on_recategorised_batch})
        if batched
        else EventConsumer(name, [topic], {kind: on_recategorised})
    )
    consumer.register(broker, lambda: UnitOfWork(sessions, source="bench"), batch_size=1000)
    first: list[float] = []
    apply = consumer.apply

    async def timed_apply(records):
        first or first.append(time.perf_counter())
        await apply(records)

    consumer.apply = timed_apply  # type: ignore[method-assign]
    await broker.start()
    while True:
        async with sessions() as session:
            done = await session.scalar(select(func.count()).select_from(inbox))
        if done >= N:
            break
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - first[0]
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Effect)) == N
    await broker.stop()
    await engine.dispose()
    return N / elapsed


async def main() -> None:
    with ExitStack() as stack:
        bootstrap = stack.enter_context(kafka_server())
        topic = f"bench.{uuid.uuid4().hex[:6]}"
        await ensure_topics(
            ServiceSettings(kafka_bootstrap_servers=bootstrap), [topic], partitions=3
        )
        await produce(bootstrap, topic)
        raw = await raw_rate(bootstrap, topic)
        print(f"raw aiokafka consume: {raw:,.0f} events/s ({N:,} events)")
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        server = stack.enter_context(postgres_server())
        print("kit: each event -> inbox row + effect row + outbox event, one commit per batch,")
        print("     offsets committed after the commit (exactly-once effects)")
        for batched in (True, False):
            mode = "batch handler" if batched else "per-event handler"
            sqlite = await kit_rate(
                bootstrap, topic, f"sqlite+aiosqlite:///{folder}/{mode[:5]}.db", batched=batched
            )
            database = await create_database(server, "pathways_bench")
            try:
                pg = await kit_rate(bootstrap, topic, database, batched=batched)
            finally:
                await drop_database(server, database)
            print(
                f"  {mode:<17} SQLite {sqlite:>7,.0f} events/s ({sqlite / raw:.1%} of raw)"
                f"   PostgreSQL {pg:>7,.0f} events/s ({pg / raw:.1%} of raw)"
            )
        print("  target: >= 5,000 events/s on SQLite")


if __name__ == "__main__":
    asyncio.run(main())
