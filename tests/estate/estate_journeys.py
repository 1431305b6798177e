"""A seeded generator of custody journeys across several prisons.

A journey is what happens to one person, in the order it happens: the ministry's movement
messages (`prison-feed.md` shapes, possibly repeated, immediate and delayed pairs, reversed
releases) and the staff API calls (mentor training, referrals, family cases, release plans,
wing moves, ROTL). The run has five phases, with a quiet platform between them, so that a
staff call always meets the state the earlier messages made:

A feed: receptions; B api: programme work; C feed: movements; D api: more work (late family
cases, mentors trained at their new prison, re-activations, ROTL); E feed: movements (today).

The generator keeps only a rough idea of where someone is, to pick plausible moves; what
the platform must show is worked out separately by estate_model from the same steps.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from e2e_platform import Feed, movement

LONDON = ZoneInfo("Europe/London")
CLOSED_PRISONS = ("BAI", "PVI", "WWI", "HOI", "LEI")
OPEN_PRISONS = ("FDI", "HBI")
PRISONS = CLOSED_PRISONS + OPEN_PRISONS
PHASES = ("A", "B", "C", "D", "E")
WINGS = ("A", "B", "C", "D")


@dataclass
class Step:
    """One thing that happens: a feed message (`message`, sent `copies` times) or a staff
    call (`op` with `args`)."""

    phase: str
    noms: str
    at: datetime
    message: dict[str, Any] | None = None
    copies: int = 1
    op: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    called: bool = False  # a staff call the model says staff would make (estate_model)

    def __str__(self) -> str:
        if self.message is not None:
            info = self.message["additionalInformation"]
            kind = self.message["eventType"].replace("prisoner-offender-search.", "search.")
            kind = kind.replace("prison-offender-events.", "events.")
            twice = " x2" if self.copies > 1 else ""
            where = f"{info['prisonId']} {info['reason']}{twice}"
            return f"{self.phase} {self.at:%m-%d %H:%M} {kind} {where}"
        skipped = "" if self.called else " (not made)"
        return f"{self.phase} api {self.op} {self.args}{skipped}"


@dataclass
class Estate:
    seed: int
    people: list[str]
    roles: dict[str, str]  # noms -> mentor | mentee | other
    steps: list[Step]
    started: datetime

    def journey(self, noms: str) -> list[Step]:
        return [s for s in self.steps if s.noms == noms]

    def phase(self, name: str) -> list[Step]:
        return [s for s in self.steps if s.phase == name]

    @property
    def feed_messages(self) -> int:
        return sum(s.copies for s in self.steps if s.message is not None)


def prison_numbers(seed: int, count: int) -> list[str]:
    """Distinct NOMS numbers: a seeded letter pair per block of 10,000 and a counter."""
    rng = random.Random(f"noms-{seed}")
    letters = string.ascii_uppercase
    first = rng.choice(letters)
    return [
        f"{first}{i % 10000:04d}{letters[(i // 10000) % 26]}{rng.choice(letters)}"
        for i in range(count)
    ]


def windows(now: datetime) -> dict[str, tuple[datetime, datetime]]:
    """Simulated time of each feed phase: C over the last days, E today (London), so that
    releases in E fall on the day the family cases are opened."""
    midnight = now.astimezone(LONDON).replace(hour=0, minute=0, second=0, microsecond=0)
    today = max(midnight.astimezone(UTC), now - timedelta(hours=3))
    return {
        "A": (now - timedelta(days=6), now - timedelta(days=5)),
        "C": (now - timedelta(days=5) + timedelta(hours=1), today - timedelta(minutes=60)),
        "D": (today - timedelta(minutes=50), today - timedelta(minutes=10)),
        "E": (today, now - timedelta(minutes=5)),
    }


def generate(seed: int, people: int, now: datetime | None = None) -> Estate:
    from estate_moves import JourneyWriter

    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    numbers = prison_numbers(seed, people)
    roles = {n: rng.choices(("mentor", "mentee", "other"), (15, 50, 35))[0] for n in numbers}
    writer = JourneyWriter(rng, windows(now), now)
    for noms in numbers:
        writer.person(noms, roles[noms])
    steps = sorted(writer.steps, key=lambda s: (PHASES.index(s.phase), s.at))
    return Estate(seed, numbers, roles, steps, now)


def feed_step(
    rng: random.Random, phase: str, kind: str, noms: str, prison: str, reason: str, at: datetime
) -> Step:
    """A movement message; one in seven is delivered twice, as the ministry's feed may."""
    copies = 2 if rng.random() < 1 / 7 else 1
    return Step(phase, noms, at, message=movement(kind, noms, prison, reason, at), copies=copies)


FEED = Feed
