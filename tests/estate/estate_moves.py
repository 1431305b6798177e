"""The moves of one journey: which message pairs each custody movement sends on the feed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from estate_journeys import (
    CLOSED_PRISONS,
    FEED,
    OPEN_PRISONS,
    PRISONS,
    WINGS,
    Step,
    feed_step,
)

HOUR = timedelta(hours=1)


class JourneyWriter:
    """Writes each person's steps; tracks only where they roughly are to pick moves."""

    def __init__(
        self, rng: random.Random, windows: dict[str, tuple[datetime, datetime]], now: datetime
    ) -> None:
        self.rng, self.windows, self.now = rng, windows, now
        self.steps: list[Step] = []

    # ------------------------------------------------------------------ one person
    def person(self, noms: str, role: str) -> None:
        rng = self.rng
        self.noms, self.prison, self.inside = noms, rng.choice(CLOSED_PRISONS), True
        start, _ = self.windows["A"]
        self.at = start + timedelta(minutes=rng.randrange(0, 23 * 60))
        self.reception("A", "NEW_ADMISSION")
        self.api_work("B", role, first=True)
        self.movements("C", rng.randint(0, 4))
        self.api_work("D", role, first=False)
        self.movements("E", rng.randint(0, 3))

    def api(self, phase: str, op: str, **args: object) -> None:
        self.steps.append(Step(phase, self.noms, self.at, op=op, args=dict(args)))

    def feed(self, phase: str, kind: str, reason: str, prison: str | None = None) -> None:
        step = feed_step(self.rng, phase, kind, self.noms, prison or self.prison, reason, self.at)
        self.steps.append(step)

    # ------------------------------------------------------------------ staff work
    def api_work(self, phase: str, role: str, *, first: bool) -> None:
        rng = self.rng
        if first and role == "mentor":
            self.api(phase, "train_mentor", wing=rng.choice(WINGS), activate=True)
        if first and role == "mentee":
            self.api(phase, "refer")
        if not first and role == "mentee" and self.inside and rng.random() < 0.1:
            self.api(phase, "refer")  # referred again (after a match ended)
        trained_now = not first and role == "other" and self.inside and rng.random() < 0.08
        if trained_now:
            self.api(phase, "train_mentor", wing=rng.choice(WINGS), activate=rng.random() < 0.7)
        if not first and role == "mentor" and self.inside and rng.random() < 0.5:
            self.api(phase, "activate_mentor")  # a coordinator activates them where they are
        if rng.random() < 0.18:
            self.api(phase, "open_case")
        if first and rng.random() < 0.15:
            self.api(phase, "plan_release", days_ahead=rng.randint(3, 40))
        if self.inside and rng.random() < 0.2:
            self.api(phase, "move_wing", wing=rng.choice(WINGS))
        # No ROTL right after training: placements hears of the qualification (mentoring's
        # topic) and the ROTL (intake's) in either order, and the staff calls carry no time
        # that would say which came first.
        at_open = self.inside and self.prison in OPEN_PRISONS
        if not first and at_open and not trained_now and rng.random() < 0.6:
            start, end = self.windows["D"]
            self.api(phase, "rotl", starts_at=start.isoformat(), ends_at=end.isoformat())

    # ------------------------------------------------------------------ the feed
    def movements(self, phase: str, count: int) -> None:
        start, end = self.windows[phase]
        self.at = max(self.at, start) + timedelta(minutes=self.rng.randrange(1, 120))
        span = (end - self.at) / max(count, 1)
        for _ in range(count):
            if self.at + 2 * HOUR > end:
                return
            if self.inside:
                self.move_inside(phase)
            else:
                self.recall(phase)
            self.at += max(span * self.rng.uniform(0.5, 1.0), 2 * HOUR)

    def move_inside(self, phase: str) -> None:
        choice = self.rng.choices(
            ("court", "hospital", "rotl", "transfer", "release", "reversed"),
            (15, 6, 10, 30, 30, 9),
        )[0]
        getattr(self, choice)(phase)

    def both(self, phase: str, kind: str, reason: str, prison: str | None = None) -> None:
        """The immediate search message, the delayed one, or (most often) both."""
        search, events = kind
        pick = self.rng.random()
        if pick < 0.7 or pick >= 0.85:
            self.feed(phase, search, reason, prison)
        if pick >= 0.7:
            self.feed(phase, events, reason, prison)

    def there_and_back(self, phase: str, out: str, back: str | None) -> None:
        self.both(phase, (FEED.SEARCH_RELEASED, FEED.EVENTS_RELEASED), out)
        if back is not None:
            self.at += timedelta(minutes=self.rng.randrange(30, 90))
            self.both(phase, (FEED.SEARCH_RECEIVED, FEED.EVENTS_RECEIVED), back)

    def court(self, phase: str) -> None:
        self.there_and_back(phase, "SENT_TO_COURT", "RETURN_FROM_COURT")

    def hospital(self, phase: str) -> None:
        self.there_and_back(phase, "RELEASED_TO_HOSPITAL", None)

    def rotl(self, phase: str) -> None:
        self.there_and_back(phase, "TEMPORARY_ABSENCE_RELEASE", "TEMPORARY_ABSENCE_RETURN")

    def transfer(self, phase: str) -> None:
        to_open = self.rng.random() < 0.3
        choices = [p for p in (OPEN_PRISONS if to_open else PRISONS) if p != self.prison]
        target = self.rng.choice(choices)
        self.both(phase, (FEED.SEARCH_RELEASED, FEED.EVENTS_RELEASED), "TRANSFERRED")
        self.at += timedelta(minutes=self.rng.randrange(40, 100))
        self.both(phase, (FEED.SEARCH_RECEIVED, FEED.EVENTS_RECEIVED), "TRANSFERRED", target)
        self.prison = target

    def release(self, phase: str) -> None:
        if self.rng.random() < 0.6:
            self.feed(phase, FEED.SEARCH_RELEASED, "RELEASED")
        self.feed(phase, FEED.EVENTS_RELEASED, "RELEASED")
        self.inside = False

    def reversed(self, phase: str) -> None:
        """A release the prison reverses minutes later: the delayed message never comes."""
        self.feed(phase, FEED.SEARCH_RELEASED, "RELEASED")
        self.at += timedelta(minutes=self.rng.randrange(3, 20))
        self.feed(phase, FEED.SEARCH_RECEIVED, "READMISSION")

    def recall(self, phase: str) -> None:
        self.prison = self.rng.choice(CLOSED_PRISONS)
        self.reception(phase, "READMISSION")

    def reception(self, phase: str, reason: str) -> None:
        delayed = "ADMISSION"
        pick = self.rng.random()
        if pick < 0.8:
            self.feed(phase, FEED.SEARCH_RECEIVED, reason)
        if pick >= 0.5:
            self.feed(phase, FEED.EVENTS_RECEIVED, delayed)
        self.inside = True
