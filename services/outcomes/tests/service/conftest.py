"""A running outcomes app per test module and database (SQLite, PostgreSQL). The broker
address is unreachable on purpose: events are fed straight into the service's consumer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest
from outcomes_story import Step

from pathways.outcomes.app import create_app
from pathways.outcomes.entrypoints.operations import consumer_of
from pathways.outcomes.settings import Settings
from pathways.testing.records import deliver
from pathways.testing.service import bearer, offline_settings, running


@pytest.fixture(scope="module")
async def svc(database_url: str, dev_key_file: str) -> AsyncIterator[SimpleNamespace]:
    settings = offline_settings(Settings, database_url, dev_key_file)
    app = create_app(settings)
    async with running(app) as client:
        consumer = consumer_of(app.state.runtime)

        async def feed(steps: list[Step], batch: int = 7) -> None:
            await deliver(consumer, [s.envelope() for s in steps], batch=batch)

        yield SimpleNamespace(
            app=app,
            client=client,
            settings=settings,
            feed=feed,
            staff=bearer(settings, "reporting:read", subject="analyst-1"),
        )
