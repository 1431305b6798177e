"""A year of the national estate, generated from a seed (deterministic: same SEED and SCALE,
same estate, message for message).

At SCALE=1: 120 prisons, ~88,000 people, ~300,000 movements, ~70,000 releases. The year is
replayed in three stages, so that every staff call meets the state the feed made:
- `receptions`: everyone on the roll at the start of the year is received (dated the last
  60 days);
- `programme`: staff refer mentees (consent to every team), open family cases for some of
  them and train, qualify and activate peer mentors (long-sentence prisoners, capacity 3);
- `year`: the year's movements, dated from tomorrow for 365 days (so follow-ups fall after
  the day the family case was opened): transfers, court trips, releases, recalls and
  second releases, in time order across the estate, some delivered twice as the feed may.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pathways.intake.domain.prisons import PRISONS as KNOWN_PRISONS

PEOPLE, PRISONS = 88_000, 120
MENTEE, CASE_OF_MENTEE, MENTOR = 0.25, 0.4, 0.015  # shares of the roll
RELEASED, RECALLED, RELEASED_AGAIN = 0.74, 0.13, 0.5
TRANSFERS_MEAN, COURT_MEAN, REPEATED = 0.55, 0.2, 0.05
MENTOR_RELEASED = 0.25  # mentors serve long sentences: fewer leave within the year


@dataclass(frozen=True)
class Move:
    at: datetime
    kind: str  # reception | transfer_out | transfer_in | court_out | court_in | release | recall
    prison: str
    copies: int = 1


@dataclass
class Person:
    noms: str
    prison: str
    role: str  # mentee | mentor | other
    family_case: bool
    received: Move
    moves: list[Move] = field(default_factory=list)  # the year's, in time order

    @property
    def releases(self) -> list[Move]:
        return [m for m in self.moves if m.kind == "release"]


@dataclass
class Estate:
    seed: int
    scale: float
    prisons: list[str]
    people: list[Person]
    started: datetime

    def year(self) -> list[tuple[Person, Move]]:
        """Every movement of the year in time order (each person's own in their order)."""
        return sorted(((p, m) for p in self.people for m in p.moves), key=lambda pm: pm[1].at)

    @property
    def movements(self) -> int:
        return len(self.people) + sum(len(p.moves) for p in self.people)


def prison_number(i: int, first: str) -> str:
    letters = string.ascii_uppercase
    return f"{first}{i % 10000:04d}{letters[(i // 10000) % 26]}{letters[(i * 7) % 26]}"


def generate(
    seed: int,
    scale: float = 1.0,
    prisons: list[str] | None = None,
    number: Callable[[int], str] | None = None,
) -> Estate:
    """The estate of `seed` at `scale`; a test passes its own unique `prisons` and prison
    `number`s (the journeys stay those of the seed)."""
    rng = random.Random(f"national-{seed}")
    now = datetime.now(UTC).replace(microsecond=0)
    codes = sorted(KNOWN_PRISONS)
    count = max(3, min(PRISONS, len(codes), round(PRISONS * scale)))
    prisons = prisons or rng.sample(codes, count)
    first = rng.choice("ABCDEFGHJKLMNPRSTVWXYZ")
    number = number or (lambda i: prison_number(i, first))
    people = [person(rng, number(i), prisons, now) for i in range(max(1, round(PEOPLE * scale)))]
    return Estate(seed, scale, prisons, people, now)


def person(rng: random.Random, noms: str, prisons: list[str], now: datetime) -> Person:
    roll = rng.random()
    role = "mentor" if roll < MENTOR else "mentee" if roll < MENTOR + MENTEE else "other"
    case = role == "mentee" and rng.random() < CASE_OF_MENTEE
    prison = rng.choice(prisons)
    received = Move(now - timedelta(minutes=rng.randrange(60, 60 * 24 * 60)), "reception", prison)
    who = Person(noms, prison, role, case, received)
    JourneyYear(rng, who, prisons, now + timedelta(days=1)).write()
    return who


class JourneyYear:
    """One person's year: a few moves at random times, kept in order and at least a day
    apart, each one delivered twice now and then."""

    def __init__(self, rng: random.Random, who: Person, prisons: list[str], start: datetime):
        self.rng, self.who, self.prisons, self.start = rng, who, prisons, start

    def write(self) -> None:
        rng, who = self.rng, self.who
        leaves = rng.random() < (MENTOR_RELEASED if who.role == "mentor" else RELEASED)
        plan = ["transfer"] * poisson(rng, TRANSFERS_MEAN) + ["court"] * poisson(rng, COURT_MEAN)
        rng.shuffle(plan)
        if leaves:
            plan.append("release")
            if rng.random() < RECALLED:
                plan.append("recall")
                if rng.random() < RELEASED_AGAIN:
                    plan.append("release")
        days = sorted(rng.sample(range(1, 364), len(plan)))
        prison = who.prison
        for day, step in zip(days, plan, strict=True):
            at = self.start + timedelta(days=day, minutes=rng.randrange(8 * 60, 18 * 60))
            if step == "transfer":
                to = rng.choice([p for p in self.prisons if p != prison] or [prison])
                self.add(at, "transfer_out", prison)
                self.add(at + timedelta(hours=2), "transfer_in", to)
                prison = to
            elif step == "court":
                self.add(at, "court_out", prison)
                self.add(at + timedelta(hours=6), "court_in", prison)
            elif step == "release":
                self.add(at, "release", prison)
            else:
                prison = self.rng.choice(self.prisons)
                self.add(at, "recall", prison)

    def add(self, at: datetime, kind: str, prison: str) -> None:
        copies = 2 if self.rng.random() < REPEATED else 1
        self.who.moves.append(Move(at, kind, prison, copies))


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method (small means)."""
    limit, k, p = pow(2.718281828459045, -mean), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k
