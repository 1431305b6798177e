"""A running outcomes app per test module and database (SQLite, PostgreSQL). The broker
address is unreachable on purpose: events are fed straight into the service's consumer."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from outcomes_story import Step

from pathways.outcomes.app import create_app
from pathways.outcomes.entrypoints.operations import consumer_of
from pathways.outcomes.settings import Settings
from pathways.testing.service import bearer, running

_offsets = itertools.count()


@dataclass
class Record:
    """What the consumer reads from aiokafka's ConsumerRecord."""

    value: bytes
    key: bytes | None
    topic: str
    partition: int = 0
    offset: int = field(default_factory=lambda: next(_offsets))
    headers: tuple[tuple[str, bytes], ...] = ()


def record(step: Step) -> Record:
    return Record(step.envelope().to_bytes(), step.data.key().encode(), step.data.topic())


@pytest.fixture(scope="module")
async def svc(database_url: str, dev_key_file: str) -> AsyncIterator[SimpleNamespace]:
    settings = Settings(
        database_url=database_url,
        kafka_bootstrap_servers="127.0.0.1:9",
        auth_dev_key_file=dev_key_file,
        consumer_max_retries=2,
        log_level="error",
    )
    app = create_app(settings)
    async with running(app) as client:
        consumer = consumer_of(app.state.runtime)

        async def feed(steps: list[Step], batch: int = 7) -> None:
            records = [record(s) for s in steps]
            for start in range(0, len(records), batch):
                await consumer.apply(records[start : start + batch])

        yield SimpleNamespace(
            app=app,
            client=client,
            settings=settings,
            feed=feed,
            staff=bearer(settings, "reporting:read", subject="analyst-1"),
        )
