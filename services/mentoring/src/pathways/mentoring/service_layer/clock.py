"""The service's clock: the only place that reads the time (tests may replace `now`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def today(zone_name: str) -> date:
    """Today's date where the prisons are (UTC if that zone is not installed)."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC  # type: ignore[assignment]
    return now().astimezone(zone).date()
