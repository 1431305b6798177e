"""A running placements app per test module and database (SQLite, PostgreSQL). The broker
address is unreachable on purpose: the API must work while Kafka is down, and events are
fed straight into the service's consumer (see placements_testkit.feed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest

from pathways.placements.app import create_app
from pathways.placements.settings import Settings
from pathways.testing.service import bearer, offline_settings, running


@pytest.fixture(scope="module")
async def svc(database_url: str, dev_key_file: str) -> AsyncIterator[SimpleNamespace]:
    settings = offline_settings(Settings, database_url, dev_key_file)
    app = create_app(settings)
    async with running(app) as client:
        yield SimpleNamespace(
            app=app,
            client=client,
            settings=settings,
            staff=bearer(settings, "placements", subject="coordinator-1"),
        )
