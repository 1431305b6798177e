"""Settings of the placements service (environment variables of the same name, upper-cased)."""

from __future__ import annotations

from typing import ClassVar

from pathways.platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "placements"

    http_host: str = "127.0.0.1"
    http_port: int = 8004
    # Topics the service consumes (overridable for isolated test runs).
    intake_topic: str = "pathways.intake"
    mentoring_topic: str = "pathways.mentoring"
