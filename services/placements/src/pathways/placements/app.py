"""Wiring: settings → the kit's chassis with this service's routes, consumer and events."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pathways.placements.adapters import retention, subject_access
from pathways.placements.adapters.unit_of_work import PlacementsUnitOfWork
from pathways.placements.entrypoints import api_catalogue, api_placements, api_referrals
from pathways.placements.entrypoints.caseload import POLICY
from pathways.placements.entrypoints.consumers import make_consumer
from pathways.placements.service_layer.publishing import PUBLISHED
from pathways.placements.settings import Settings
from pathways.platform.app import ServiceDefinition, build_app

DESCRIPTION = """Community placements for trained peer mentors: providers and volunteer roles,
referrals opened on release or ROTL (or by hand), offers, placements, hours and outcomes at 6
and 26 weeks after release. Every route needs the `placements` role (`placements:read` for
reads); reads and changes of people's data are audited."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return build_app(
        ServiceDefinition(
            name="placements",
            settings=settings,
            migrations=Path(__file__).parent / "migrations",
            routers=[api_catalogue.router, api_referrals.router, api_placements.router],
            consumers=[make_consumer(settings)],
            publishes=list(PUBLISHED),
            uow_class=PlacementsUnitOfWork,
            description=DESCRIPTION,
            subject_access=subject_access.ACCESS,
            caseload=POLICY,
            retention=retention.RULES,
        )
    )
