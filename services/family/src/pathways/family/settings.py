"""Settings of the family service (environment variables, no prefix)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from pathways.family.domain.planning import PlanningPolicy
from pathways.platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "family"

    # Days before the expected release date the pre-release family meeting is due.
    family_pre_release_meeting_days: int = Field(default=14, ge=0, le=365)
    # Intake's public topic (a bench or test may point it elsewhere).
    intake_topic: str = "pathways.intake"
    # Where `python -m pathways.family.app` serves the staff API.
    http_host: str = "127.0.0.1"
    http_port: int = 8003

    def planning_policy(self) -> PlanningPolicy:
        return PlanningPolicy(pre_release_lead_days=self.family_pre_release_meeting_days)
