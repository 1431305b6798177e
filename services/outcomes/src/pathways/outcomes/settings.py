"""Settings of the outcomes service (environment variables of the same name, upper-cased)."""

from __future__ import annotations

from typing import ClassVar

from pathways.platform.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: ClassVar[str] = "outcomes"

    http_host: str = "127.0.0.1"
    http_port: int = 8005
    # The four public topics (overridable for isolated test runs).
    intake_topic: str = "pathways.intake"
    mentoring_topic: str = "pathways.mentoring"
    family_topic: str = "pathways.family"
    placements_topic: str = "pathways.placements"
    # A read model, on no workflow's path: its figures may be half a second behind, and in
    # return each batch is tens of times larger at a steady load, which leaves the CPU to the
    # workflow's consumers (at 50 releases/s outcomes was the busiest process of the platform).
    consumer_fetch_max_wait_ms: int = 500
    consumer_fetch_min_bytes: int = 256 * 1024
    # How often each replica checks whether another one started a rebuild (new generation).
    generation_poll_seconds: float = 5.0
    # The summary's default range when `from` is not given: this many days up to `to`.
    default_range_days: int = 365

    def topics(self) -> list[str]:
        return [self.intake_topic, self.mentoring_topic, self.family_topic, self.placements_topic]
