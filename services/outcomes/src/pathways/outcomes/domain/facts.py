"""A fact is a contract event as it arrived, with its own time; figures are computed from
facts at query time, so the order in which topics deliver them does not matter."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from operator import attrgetter
from typing import TypeVar
from zoneinfo import ZoneInfo

from pathways.contracts import EventData

E = TypeVar("E", bound=EventData)
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Fact:
    event_id: str
    occurred_at: datetime  # the CloudEvent `time` (when the owning service recorded it)
    data: EventData


@dataclass(frozen=True)
class Period:
    """The question: one prison (or all when None), dates `start`..`end` inclusive."""

    prison_code: str | None
    start: date
    end: date
    today: date
    zone: ZoneInfo = LONDON

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def end_moment(self) -> datetime:
        """The last instant of the range end, for 'as of the range end' figures."""
        return end_of(self.end, self.zone)


def end_of(day: date, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.combine(day, time.max, zone).astimezone(UTC)


ORDER = attrgetter("occurred_at", "event_id")  # arrival-independent order of facts


@cache
def is_a(cls: type, kind: type) -> bool:
    """issubclass, remembered (an isinstance check of a pydantic model is slow)."""
    return issubclass(cls, kind)


def of_type(
    facts: Iterable[Fact], kind: type[E], key: str | None = None
) -> Iterator[tuple[Fact, E]]:
    """The facts of one event type; with `key`, only the first per business id (deduped)."""
    seen: set[object] = set()
    for fact in sorted((f for f in facts if is_a(type(f.data), kind)), key=ORDER):
        if key is not None:
            ident = getattr(fact.data, key)
            if ident in seen:
                continue
            seen.add(ident)
        yield fact, fact.data  # type: ignore[misc]


def mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
