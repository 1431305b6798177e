"""The scenario generator: pure. `build_plan(seed, scale, now)` → a `Plan` (data only).

Same seed, scale and `now` → the same plan. `scale` 1.0 is about 300 people and four training
cohorts of six mentors; 0.15 is a quick one for tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from demo import names
from demo.final import final_steps
from demo.history import person_history
from demo.mentors import make_cohorts
from demo.model import Plan
from demo.people import HISTORY_DAYS, make_people, pick_released_today
from demo.treatment import treatment_providers, treatment_steps


def build_plan(seed: int = 2012, scale: float = 1.0, now: datetime | None = None) -> Plan:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    rng = random.Random(seed)
    people = make_people(rng, max(30, round(300 * scale)), now)
    make_cohorts(rng, people, now, scale)
    pick_released_today(rng, people, now)
    history = sorted((s for p in people for s in person_history(rng, p, now)), key=lambda s: s.at)
    providers = names.providers()
    return Plan(
        seed=seed,
        scale=scale,
        now=now,
        start=now - timedelta(days=HISTORY_DAYS),
        providers=providers,
        history=history,
        final=final_steps(rng, people, now, providers)
        + treatment_steps(seed, people, history, now),
        treatment_providers=treatment_providers(),
    )
