"""Settings of the intake service (environment variables of the same name, upper-cased)."""

from __future__ import annotations

from typing import ClassVar

from pathways.platform.settings import ServiceSettings


class Settings(ServiceSettings):
    """Kit settings plus intake's own."""

    service_name: ClassVar[str] = "intake"

    # The ministry's movement feed (bridged into Kafka); FEED_TOPIC to point elsewhere.
    feed_topic: str = "hmpps.domain-events"
    # Subscribe to the feed at all (off for a deployment that only takes staff input).
    feed_enabled: bool = True
