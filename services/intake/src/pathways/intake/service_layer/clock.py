"""The service's clock: the only place that reads the time (tests may replace `now`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731
_zone_name = "Europe/London"


def set_timezone(name: str) -> None:
    """The timezone in which "today" is reckoned (prisons keep local dates)."""
    global _zone_name
    _zone_name = name


def today() -> date:
    """Today's date in the service's local timezone (UTC if that zone is not installed)."""
    try:
        zone = ZoneInfo(_zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC  # type: ignore[assignment]
    return now().astimezone(zone).date()


def local_day(moment: datetime) -> date:
    """The local date of a moment (as `today` reckons it)."""
    try:
        zone = ZoneInfo(_zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC  # type: ignore[assignment]
    return moment.astimezone(zone).date()
