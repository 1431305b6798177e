"""The one clock: the only place any service reads the time. A day is the prisons' day
(`PRISON_TIMEZONE`, Europe/London), as every date in the contract is. Tests replace `now`
(or `today`) on this module; every caller reads them through it (`clock.now()`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from pathways.platform.checks import local_date

now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def today() -> date:
    """Today in the prisons' timezone."""
    return local_date(now())


def local_day(moment: datetime) -> date:
    """The prisons' day of `moment` (naive datetimes are taken as UTC)."""
    return local_date(moment)
