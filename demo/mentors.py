"""Scenario part 2: peer-mentor training cohorts and what becomes of each mentor.

Each cohort enrols six people in recovery who have been in custody a while; they complete
the four modules over six weeks and qualify (one in each cohort of six drops out), then are
activated. A qualified mentor is later released (and may take a volunteer placement), moved
to open conditions (category D) and let out on ROTL, or stays and mentors."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from demo.people import HISTORY_DAYS, Someone

MODULES = (
    "conflict_resolution",
    "interpersonal_skills",
    "mentoring_skills",
    "drug_alcohol_awareness",
)
COHORT_SIZE = 6


def make_cohorts(rng: random.Random, people: list[Someone], now: datetime, scale: float) -> None:
    start = now - timedelta(days=HISTORY_DAYS)
    cohorts = max(2, round(4 * scale))
    spacing = min(50.0, 190.0 / cohorts)
    for k in range(cohorts):
        begins = start + timedelta(days=5 + k * spacing)
        pool = [p for p in people if _can_train(p, begins)]
        members = rng.sample(pool, min(COHORT_SIZE, len(pool)))
        name = f"Cohort {k + 1} ({begins:%B %Y})"
        for index, person in enumerate(members):
            _train(rng, person, name, begins, dropout=index == COHORT_SIZE - 1)
            if k == 0 and index == 0:
                _release(rng, person, now, soon=True)  # one early leaver: 26-week outcome due
            elif k == 0 and index == 1:
                _open_conditions(rng, person, now)  # at least one ROTL mentor
            elif not person.mentor["dropout"]:
                _fate(rng, person, now)


def _can_train(p: Someone, begins: datetime) -> bool:
    if p.mentor or not p.referred_on or p.transferred or p.readmitted_at or p.released_today:
        return False
    settled = p.received_at <= begins - timedelta(days=14)
    stays = p.release_at is None or p.release_at >= begins + timedelta(days=60)
    return settled and stays and p.referred_on <= begins.date()


def _train(rng: random.Random, p: Someone, cohort: str, begins: datetime, dropout: bool) -> None:
    days = [7, 14, 28, 35]
    modules = {
        m: begins + timedelta(days=d + rng.uniform(0, 1.5))
        for m, d in zip(MODULES, days, strict=True)
    }
    qualified = begins + timedelta(days=42 + rng.uniform(0, 2))
    p.court_at = None
    p.mentor = {
        "cohort": cohort,
        "enrolled_at": begins,
        "modules": dict(list(modules.items())[:2]) if dropout else modules,
        "qualified_at": None if dropout else qualified,
        "left_at": begins + timedelta(days=20) if dropout else None,
        "dropout": dropout,
        "rotl": [],
        "recategorised_at": None,
        "languages": ["English", *rng.sample(["Polish", "Somali", "Yoruba", "Romanian"], 1)]
        if rng.random() < 0.3
        else ["English"],
        "availability": rng.sample(["morning", "afternoon", "evening"], 2),
    }


def _fate(rng: random.Random, p: Someone, now: datetime) -> None:
    roll = rng.random()
    if roll < 0.45:
        _release(rng, p, now, soon=False)
    elif roll < 0.65:
        _open_conditions(rng, p, now)
    elif p.release_at is not None and p.release_at < now:  # otherwise stays as a mentor
        p.release_at = None


def _release(rng: random.Random, p: Someone, now: datetime, soon: bool) -> None:
    qualified = p.mentor["qualified_at"]
    room = (now - timedelta(days=3) - qualified).days
    if room < 8:
        p.release_at = None
        return
    days = rng.uniform(3, 8) if soon else rng.uniform(7, room)
    p.release_at = (qualified + timedelta(days=days)).replace(hour=rng.randrange(7, 11))
    p.expected_on = None


def _open_conditions(rng: random.Random, p: Someone, now: datetime) -> None:
    qualified = p.mentor["qualified_at"]
    recat = qualified + timedelta(days=rng.uniform(3, 10))
    if recat > now - timedelta(days=20):
        return
    p.release_at, p.expected_on = None, None
    p.mentor["recategorised_at"] = recat
    for week in range(1, rng.choice((2, 3)) + 1):
        out = (recat + timedelta(days=7 * week)).replace(hour=8, minute=0)
        if out < now - timedelta(days=2):
            p.mentor["rotl"].append((out, out + timedelta(hours=10), out + timedelta(hours=9.5)))
    p.mentor["open_rotl"] = True  # a day release running now (final phase)
