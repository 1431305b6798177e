"""Scenario part 1: who comes and goes. Pure: a seeded `random.Random` and `now` in, people
(as plain records) out. Times are UTC; "today" is the Europe/London calendar day."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from demo import names
from demo.model import LONDON

HISTORY_DAYS = 240
SUBSTANCES = (
    "opiates",
    "crack",
    "alcohol",
    "cocaine",
    "cannabis",
    "benzodiazepines",
    "synthetic_cannabinoids",
)


@dataclass
class Someone:
    number: str
    given: str
    family: str
    born: date
    wing: str
    received_at: datetime
    release_at: datetime | None = None  # None: still in custody at the end
    expected_on: date | None = None  # a future release date (release plan made today)
    transferred: bool = False
    readmitted_at: datetime | None = None
    court_at: datetime | None = None
    referred_on: date | None = None
    substances: list[str] = field(default_factory=list)
    family_consent: bool = False
    mentor: dict | None = None  # set by mentors.py
    released_today: bool = False

    @property
    def in_custody_at_end(self) -> bool:
        return self.release_at is None or self.readmitted_at is not None


def local_day_at(day: date, hour: float) -> datetime:
    """A UTC instant at `hour` o'clock London time on `day`."""
    start = datetime(day.year, day.month, day.day, tzinfo=LONDON)
    return (start + timedelta(hours=hour)).astimezone(UTC)


def make_people(rng: random.Random, count: int, now: datetime) -> list[Someone]:
    start = now - timedelta(days=HISTORY_DAYS)
    taken: set[str] = set()
    people = []
    for _ in range(count):
        given, family = names.person_name(rng)
        if rng.random() < 0.3:  # already in Belmarsh when the story starts
            received = start - timedelta(days=rng.uniform(5, 300))
        else:
            received = start + timedelta(days=rng.uniform(0, HISTORY_DAYS - 3))
        received = received.replace(hour=rng.randrange(8, 20), minute=rng.randrange(60))
        person = Someone(
            number=names.prison_number(rng, taken),
            given=given,
            family=family,
            born=date(rng.randrange(1962, 2004), rng.randrange(1, 13), rng.randrange(1, 29)),
            wing=rng.choice(names.WINGS),
            received_at=received,
        )
        _custody(rng, person, now)
        _referral(rng, person, now)
        people.append(person)
    return people


def _custody(rng: random.Random, p: Someone, now: datetime) -> None:
    release = p.received_at + timedelta(days=rng.uniform(25, 260), hours=rng.uniform(-3, 3))
    if release >= now - timedelta(days=1):
        if release < now + timedelta(days=120):
            p.expected_on = max(release.astimezone(LONDON).date(), _today(now) + timedelta(1))
        return
    p.release_at = release.replace(hour=rng.randrange(7, 12))
    roll = rng.random()
    if roll < 0.04:
        p.transferred = True
    elif roll < 0.12 and release < now - timedelta(days=40):
        p.readmitted_at = p.release_at + timedelta(days=rng.uniform(14, 35))
    stay = (p.release_at - p.received_at).days
    if not p.transferred and stay > 20 and rng.random() < 0.1:
        p.court_at = p.received_at + timedelta(days=rng.uniform(5, stay - 5))


def _referral(rng: random.Random, p: Someone, now: datetime) -> None:
    end = p.release_at or now
    referred = p.received_at + timedelta(days=rng.uniform(0.2, 4))
    if rng.random() > 0.78 or referred > end - timedelta(days=2):
        return
    p.referred_on = referred.astimezone(LONDON).date()
    p.substances = rng.sample(SUBSTANCES, rng.choice((1, 1, 2, 2, 3)))
    p.family_consent = rng.random() < 0.6


def _today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def pick_released_today(rng: random.Random, people: list[Someone], now: datetime) -> None:
    """A few people in custody, not mentors, received weeks ago, leave this morning."""
    pool = [
        p
        for p in people
        if p.release_at is None
        and p.mentor is None
        and p.referred_on
        and p.received_at < now - timedelta(days=30)
    ]
    today = _today(now)
    morning = local_day_at(today, 0)
    for p in rng.sample(pool, min(len(pool), max(3, round(len(people) * 0.03)))):
        p.released_today = True
        p.expected_on = today
        p.release_at = morning + (now - morning) * rng.uniform(0.3, 0.9)
