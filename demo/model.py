"""The plan as data: timed steps for people, plus the providers to create first.

A `Step` is one thing that happens: a feed message (`feed.*`) or a staff action through an
API (`intake.*`, `mentoring.*`, `family.*`, `placements.*`). `number` is the prison number of
the person it concerns; `data` holds what the loader needs (mostly the request body).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
PRISON = "BAI"
WINDOW = timedelta(days=14)

# Steps played as feed messages; the rest are API calls.
FEED_RECEIVED = "feed.received"
FEED_RELEASED = "feed.released"
FEED_TRANSFERRED = "feed.transferred"
FEED_COURT = "feed.court"


@dataclass(frozen=True)
class Step:
    at: datetime
    kind: str
    number: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def on(self) -> date:
        """The local (Europe/London) calendar day of the step."""
        return self.at.astimezone(LONDON).date()


@dataclass
class Plan:
    seed: int
    scale: float
    now: datetime
    start: datetime
    providers: list[dict[str, Any]]
    history: list[Step]  # backdated, played in chronological windows
    final: list[Step]  # what happens "today" (dates the APIs only accept as today or later)
    treatment_providers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.astimezone(LONDON).date()

    def steps(self, kind: str | None = None) -> list[Step]:
        every = [*self.history, *self.final]
        return [s for s in every if kind is None or s.kind == kind]

    def counts(self) -> Counter[str]:
        return Counter(s.kind for s in self.steps())

    def windows(self) -> list[tuple[datetime, datetime]]:
        """Consecutive 14-day windows from `start` to `now` (the first also holds earlier steps)."""
        edges, at = [], self.start
        while at <= self.now:
            edges.append((at, min(at + WINDOW, self.now + timedelta(seconds=1))))
            at += WINDOW
        first = min((s.at for s in self.history), default=self.start)
        edges[0] = (min(first, self.start), edges[0][1])
        return edges
