"""Today's date in the prisons' timezone (the day every date rule is judged by)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pathways.platform.checks import local_date


def today() -> date:
    return local_date(datetime.now(UTC))
