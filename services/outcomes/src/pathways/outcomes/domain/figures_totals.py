"""What the aggregate reads return for one question (a scope and a range), and the same sums
taken over ledger entries in memory (the tests' way, and the proof of the SQL's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.ledger import LEVEL, NATIONAL, POINT, WORKER, Entries

PENDING_DAYS = 21  # a release is still within its window for 21 days (both windows)


@dataclass
class PointSums:
    """Over the entries of one metric with day in the range: Σn, Σtotal, Σn of the days
    since `recent` (the open windows), Σn with day2 ≤ the range end, Σn with day2 ≥ start."""

    n: int = 0
    total: int = 0
    recent: int = 0
    second_by_end: int = 0
    second_from_start: int = 0


@dataclass
class Totals:
    points: Mapping[str, PointSums] = field(default_factory=dict)
    levels: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # Σ up to the end


def scope_of(period: Period) -> str:
    return period.prison_code or NATIONAL


def recent_start(period: Period) -> date:
    """The first release day whose 21-day window is still open today (within the range)."""
    return max(period.start, period.today - timedelta(days=PENDING_DAYS))


def worker_day(period: Period) -> date:
    return min(period.end, period.today)


def totals_in_memory(entries: Entries, period: Period) -> Totals:
    scope, recent = scope_of(period), recent_start(period)
    points: dict[str, PointSums] = {}
    levels: dict[str, tuple[int, int]] = {}
    for (kind, where, metric, day, day2), (n, total) in entries.items():
        if where != scope or day > period.end:
            continue
        if kind == POINT and day >= period.start:
            sums = points.setdefault(metric, PointSums())
            sums.n += n
            sums.total += total
            sums.recent += n if day >= recent else 0
            sums.second_by_end += n if day2 <= period.end else 0
            sums.second_from_start += n if day2 >= period.start else 0
        elif kind == LEVEL:
            was = levels.get(metric, (0, 0))
            levels[metric] = (was[0] + n, was[1] + total)
    return Totals(points, levels)


def workers_in_memory(entries: Entries, period: Period) -> dict[str, tuple[int, int]]:
    scope, day = scope_of(period), worker_day(period)
    found: dict[str, tuple[int, int]] = {}
    for (kind, where, metric, on, _), (n, total) in entries.items():
        if kind == WORKER and where == scope and on <= day:
            was = found.get(metric, (0, 0))
            found[metric] = (was[0] + n, was[1] + total)
    return found
