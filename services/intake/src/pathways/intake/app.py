"""Wiring of the intake service: settings → chassis (database, broker, outbox relay) →
staff API routers and the movement-feed subscriber."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pathways.intake.adapters import retention, subject_access
from pathways.intake.adapters.unit_of_work import IntakeUnitOfWork
from pathways.intake.entrypoints import api, custody_api, treatment_api
from pathways.intake.entrypoints.caseload import POLICY
from pathways.intake.entrypoints.consumers import movement_feed_consumer
from pathways.intake.service_layer.contract_events import PUBLISHED
from pathways.intake.service_layer.feed_handlers import FEED_ACTOR
from pathways.intake.settings import Settings
from pathways.platform.app import ServiceDefinition, build_app
from pathways.platform.subject_access import SubjectAccess

DESCRIPTION = (
    "Who is in the programme and where they are in custody: reception (with first-night "
    "screening), referral, assessments (BARC-10, TOP, clean since) and custody events, from "
    "staff and from the prison's own movement feed. Publishes `pathways.intake`."
)

SUBJECT_ACCESS = SubjectAccess(
    subject_access.collect,
    staff="intake team staff",
    find=subject_access.find,
    systems={FEED_ACTOR: "the prison's movement feed"},
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The intake ASGI app (`uvicorn --factory pathways.intake.app:create_app`)."""
    settings = settings or Settings()
    consumers = [movement_feed_consumer(settings.feed_topic)] if settings.feed_enabled else []
    return build_app(
        ServiceDefinition(
            name="intake",
            settings=settings,
            migrations=Path(__file__).parent / "migrations",
            routers=[
                api.router,
                custody_api.router,
                treatment_api.people,
                api.reference,
                treatment_api.providers,
                treatment_api.extracts,
            ],
            consumers=consumers,
            publishes=PUBLISHED,
            uow_class=IntakeUnitOfWork,
            description=DESCRIPTION,
            caseload=POLICY,
            retention=retention.RULES,
            subject_access=SUBJECT_ACCESS,
        )
    )
