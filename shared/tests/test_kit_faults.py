"""Faults the kit must survive without losing or doubling anything: a broker outage, and a
consumer killed after its database commit but before its offset commit."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

import kit_service
import pytest
from kit_helpers import applied_count, for_person, recategorised

from pathways.messaging import metrics
from pathways.messaging.topics import ensure_topics
from pathways.testing.kafka import publish, read_topic
from pathways.testing.local_broker import free_port, start_tansu, stop
from pathways.testing.service import bearer, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def _settings(database_url: str, bootstrap: str, key_file: str) -> kit_service.KitSettings:
    return kit_service.KitSettings(
        database_url=database_url, kafka_bootstrap_servers=bootstrap, auth_dev_key_file=key_file
    )


async def test_outbox_survives_a_broker_outage(database_url: str, dev_key_file: str) -> None:
    port = free_port()
    bootstrap = f"127.0.0.1:{port}"
    settings = _settings(database_url, bootstrap, dev_key_file)
    app = kit_service.build(settings, "kit.outage")
    await kit_service.create_tables(app)
    person = uuid.uuid4()
    async with running(app) as client:
        # The broker is down: the staff API still works and the event waits in the outbox.
        response = await client.post(f"/cases/{person}", headers=bearer(settings, "family"))
        assert response.status_code == 201
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["broker"] is False
        assert ready.json()["outbox_backlog"] == 1

        broker = start_tansu(port)
        try:
            await ensure_topics(settings, ["pathways.family", "kit.outage"], partitions=1)
            records = await read_topic(
                bootstrap,
                "pathways.family",
                until=lambda r: bool(for_person(r, person)),
                timeout=60,
            )
            assert len(for_person(records, person)) == 1
            await eventually(lambda: app.state.runtime.relay.backlog(), lambda n: n == 0)
            await eventually(
                lambda: client.get("/health/ready"), lambda r: r.status_code == 200, timeout=30
            )
        finally:
            stop(broker)


async def test_a_consumer_killed_between_db_commit_and_offset_commit_makes_no_duplicate(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> None:
    topic = f"kit.crash.{uuid.uuid4().hex[:6]}"
    settings = _settings(database_url, kafka_bootstrap, dev_key_file)
    await ensure_topics(settings, [topic, "pathways.family"], partitions=1)
    person = uuid.uuid4()
    event = recategorised(person)
    tests_dir = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": str(tests_dir)}
    crashing = subprocess.Popen(  # noqa: ASYNC220 - started once, waited on in a thread
        [
            sys.executable,
            str(tests_dir / "crash_consumer.py"),
            kafka_bootstrap,
            database_url,
            topic,
            dev_key_file,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await publish(kafka_bootstrap, topic, [event.to_bytes()], key=str(person).encode())
        code = await asyncio.to_thread(crashing.wait, 90)
    finally:
        crashing.kill()
    assert code == 9, "the consumer should have died after its database commit"

    duplicates = metrics.EVENTS_CONSUMED.labels("kit", event.type, "duplicate")
    before = duplicates._value.get()
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    async with running(app):
        assert await applied_count(app, person) == 1  # committed before the crash
        # The offset was never committed, so the event comes again: the inbox stops it.
        await eventually(lambda: _value(duplicates), lambda n: n > before, timeout=60)
        assert await applied_count(app, person) == 1
        records = await read_topic(
            kafka_bootstrap, "pathways.family", until=lambda r: bool(for_person(r, person))
        )
        assert len({e["id"] for e in for_person(records, person)}) == 1


async def _value(counter: object) -> float:
    return counter._value.get()  # type: ignore[attr-defined]
