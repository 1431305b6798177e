"""Wiring: settings -> unit of work with the matching policy -> routes, consumer -> ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from pathways.mentoring.adapters import retention, subject_access
from pathways.mentoring.adapters.unit_of_work import MatchingPolicy, MentoringUnitOfWork
from pathways.mentoring.entrypoints.api import routers
from pathways.mentoring.entrypoints.caseload import POLICY
from pathways.mentoring.entrypoints.consumers import intake_consumer
from pathways.mentoring.service_layer.publishing import PUBLISHED
from pathways.mentoring.settings import Settings
from pathways.platform.app import ServiceDefinition, build_app

DESCRIPTION = (
    "Peer-mentor training and qualification, optimal matching of waiting mentees to mentors "
    "(whole cohort, hard exclusions, explained scores), sessions and re-matching."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    policy = MatchingPolicy(settings.matching_mode, settings.weights())
    return build_app(
        ServiceDefinition(
            name="mentoring",
            settings=settings,
            migrations=Path(__file__).parent / "migrations",
            routers=routers,
            consumers=[intake_consumer(settings.intake_topic)],
            publishes=PUBLISHED,
            uow_class=MentoringUnitOfWork.configured(policy),
            description=DESCRIPTION,
            subject_access=subject_access.ACCESS,
            caseload=POLICY,
            retention=retention.RULES,
        )
    )
