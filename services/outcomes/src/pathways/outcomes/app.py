"""Wiring: settings → the kit's chassis with the outcomes routes and the generational
consumer of the four public topics (the read side publishes nothing)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pathways.outcomes.adapters import retention, subject_access
from pathways.outcomes.adapters.unit_of_work import OutcomesUnitOfWork
from pathways.outcomes.entrypoints import api, dashboard, manager, people
from pathways.outcomes.entrypoints.consumers import follower, read_model_consumer
from pathways.outcomes.settings import Settings
from pathways.platform.app import ServiceDefinition, build_app

DESCRIPTION = """Programme outcomes, read side: subscribes to the four public topics like any
outside integration, keeps its own read model (rebuildable from the topics' history) and
serves the figures per prison and date range as JSON, CSV and an offline HTML dashboard.
Every route needs the `reporting` role (`reporting:read` for reads); a rebuild needs
`reporting` or `admin`."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    consumer = read_model_consumer(settings)
    return build_app(
        ServiceDefinition(
            name="outcomes",
            settings=settings,
            migrations=Path(__file__).parent / "migrations",
            routers=[api.router, dashboard.router, manager.router, people.router],
            consumers=[consumer],
            publishes=[],
            uow_class=OutcomesUnitOfWork,
            description=DESCRIPTION,
            subject_access=subject_access.ACCESS,
            background_jobs=[follower(consumer, settings)],
            retention=retention.RULES,
        )
    )
