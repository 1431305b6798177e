"""Wiring of the family service: settings → chassis (database, broker, relay) → routes and
the consumer of intake's custody events.

    uvicorn --factory pathways.family.app:create_app --port 8003
    python -m pathways.family.app          # same, on HTTP_HOST:HTTP_PORT (default :8003)
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pathways.family.adapters import retention, subject_access
from pathways.family.adapters.unit_of_work import unit_of_work_class
from pathways.family.entrypoints import cases_api, records_api, tasks_api
from pathways.family.entrypoints.caseload import POLICY
from pathways.family.entrypoints.consumers import intake_consumer
from pathways.family.service_layer.publishing import PUBLISHED
from pathways.family.settings import Settings
from pathways.platform.app import ServiceDefinition, build_app

MIGRATIONS = Path(__file__).parent / "migrations"
DESCRIPTION = (
    "Family liaison: family cases (members, agencies, consent to share, safeguarding, contact "
    "restrictions, contacts) and the release follow-up plan driven by intake's custody events."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return build_app(
        ServiceDefinition(
            name="family",
            settings=settings,
            migrations=MIGRATIONS,
            routers=[cases_api.router, records_api.router, tasks_api.router],
            consumers=[intake_consumer(settings.intake_topic)],
            publishes=list(PUBLISHED),
            uow_class=unit_of_work_class(settings.planning_policy()),
            description=DESCRIPTION,
            subject_access=subject_access.ACCESS,
            caseload=POLICY,
            retention=retention.RULES,
        )
    )
