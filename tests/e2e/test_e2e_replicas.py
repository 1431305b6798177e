"""Replicas for real (issue 14, item 5): every service as two processes on one PostgreSQL
database each, in one consumer group, fed the prison's movement feed under load while one
replica of every service is SIGKILLed (a rebalance hands its partitions to the other, the
outbox relay's advisory lock is taken by the survivor) — and nothing is lost or doubled:
every reception is one person, one outbox row and one published `intake.person.received.v1`,
applied exactly once by every consumer of it (one inbox row per consumer and event).

Its own platform (not the shared fixture): ten service processes and a fresh broker."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from e2e_platform import (
    SERVICES,
    Feed,
    ServiceProcess,
    eventually,
    installed,
    read_public_topics,
    run_async,
    wait_ready,
)
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.messaging.topics import ensure_topics, platform_topics
from pathways.platform.devtoken import issue_token
from pathways.platform.settings import ServiceSettings
from pathways.testing.ids import unique_prison_code, unique_prison_number
from pathways.testing.local_broker import free_port, start_tansu
from pathways.testing.local_broker import stop as stop_tansu
from pathways.testing.postgres import create_database, drop_database, postgres_server

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
PEOPLE_BEFORE, PEOPLE_DURING = 20, 40  # received before the kill, and while it happens
RECEIVED = "intake.person.received.v1"


@contextlib.contextmanager
def replicated_platform(workdir: Path) -> Iterator[tuple[str, dict[str, str], dict]]:
    """Broker, a database per service and two replicas of each (`<name>-a`, `<name>-b`)."""
    names = [name for name in SERVICES if installed(name)]
    port = free_port()
    broker = start_tansu(port, workdir / "broker.log")
    bootstrap, key_file = f"127.0.0.1:{port}", workdir / "dev-jwt-key.pem"
    settings = ServiceSettings(kafka_bootstrap_servers=bootstrap, auth_dev_key_file=str(key_file))
    issue_token(["admin"], settings=settings)  # the signing key, before any service reads it
    replicas: dict[str, ServiceProcess] = {}
    urls: dict[str, str] = {}
    with postgres_server() as server:
        try:
            run_async(ensure_topics(settings, platform_topics(), partitions=4))
            base = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("KAFKA_", "DATABASE_", "AUTH_", "OTEL_", "TRACING_"))
            }
            for name in names:
                urls[name] = run_async(create_database(server, prefix=f"pathways_rep_{name}"))
                env = base | {
                    "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                    "DATABASE_URL": urls[name],
                    "AUTH_DEV_KEY_FILE": str(key_file),
                    "LOG_FORMAT": "json",
                    "KAFKA_TOPIC_PARTITIONS": "4",
                    "BROKER_CHECK_SECONDS": "1",
                    "OUTBOX_POLL_SECONDS": "0.2",
                }
                for replica in ("a", "b"):
                    log = workdir / f"{name}-{replica}.log"
                    replicas[f"{name}-{replica}"] = ServiceProcess(name, free_port(), env, log)
            for process in replicas.values():
                process.start()
            wait_ready(replicas.values(), timeout=180)
            yield bootstrap, urls, replicas
        finally:
            for process in replicas.values():
                with contextlib.suppress(Exception):
                    process.stop()
            stop_tansu(broker)
            for url in urls.values():
                with contextlib.suppress(Exception):
                    run_async(drop_database(server, url))


def _rows(url: str, sql: str) -> list[tuple]:
    async def query() -> list[tuple]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(text(sql))]
        finally:
            await engine.dispose()

    return run_async(query())


def test_two_replicas_of_every_service_lose_and_double_nothing_through_a_kill(
    tmp_path: Path,
) -> None:
    with replicated_platform(tmp_path) as (bootstrap, urls, replicas):
        feed = Feed(bootstrap)
        prison = unique_prison_code(among=set(PRISONS) - OPEN_PRISONS)
        at = datetime.now(UTC) - timedelta(hours=1)
        people = [unique_prison_number() for _ in range(PEOPLE_BEFORE + PEOPLE_DURING)]
        for noms in people[:PEOPLE_BEFORE]:
            feed.received(noms, prison, at)
        received = f"SELECT count(*) FROM people WHERE prison_code = '{prison}'"
        eventually(
            lambda: _assert_count(urls["intake"], received, PEOPLE_BEFORE),
            timeout=60,
            what="the first receptions in intake",
        )

        def under_load() -> None:  # the rest of the feed, spread over the kill
            for noms in people[PEOPLE_BEFORE:]:
                Feed(bootstrap).received(noms, prison, at)
                time.sleep(0.05)

        load = threading.Thread(target=under_load)
        load.start()
        time.sleep(0.5)
        for name in urls:  # one replica of every service, mid-stream: no goodbye at all
            replicas[f"{name}-a"].kill()
        load.join(60)
        survivors = [replicas[f"{name}-b"] for name in urls]
        assert all(s.process is not None and s.process.poll() is None for s in survivors)

        total = len(people)
        eventually(
            lambda: _assert_count(urls["intake"], received, total),
            timeout=90,
            what="every reception in intake",
        )
        outbox = f"SELECT event_id FROM outbox WHERE event_type = '{RECEIVED}'"
        unpublished = f"{outbox} AND published_at IS NULL"
        eventually(
            lambda: _assert_count(urls["intake"], f"SELECT count(*) FROM ({unpublished}) u", 0),
            timeout=60,
            what="intake's outbox relayed by the surviving replica",
        )
        ids = {row[0] for row in _rows(urls["intake"], outbox)}
        assert len(ids) == total  # one event per reception: nothing doubled at the source
        in_ids = ",".join(f"'{i}'" for i in ids)
        consumers = f"SELECT consumer, count(*) FROM inbox WHERE event_id IN ({in_ids}) GROUP BY 1"

        def applied_once_everywhere() -> dict[str, dict[str, int]]:
            found = {name: dict(_rows(urls[name], consumers)) for name in urls if name != "intake"}
            assert all(found.values()), found  # every consumer of intake applied them
            assert all(n == total for c in found.values() for n in c.values()), found
            return found

        applied = eventually(
            applied_once_everywhere, timeout=90, what="applied by every replica set"
        )
        assert {"mentoring", "family", "placements", "outcomes"} <= set(applied)

        published = [e for e in read_public_topics(bootstrap) if e.type == RECEIVED]
        mine = [e for e in published if e.envelope.id in ids]
        assert sorted(e.envelope.id for e in mine) == sorted(ids)  # each once (deduped by id)
        noms = {e.data.get("prison_number") for e in mine}
        assert noms == set(people)


def _assert_count(url: str, sql: str, expected: int) -> int:
    (count,) = _rows(url, sql)[0]
    assert count == expected, f"{count} != {expected}"
    return count
