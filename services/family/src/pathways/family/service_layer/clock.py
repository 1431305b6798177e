"""Today's date in the prisons' timezone (one place to read the clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pathways.platform.checks import local_date


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return local_date(now())
