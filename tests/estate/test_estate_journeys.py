"""The generator and the reference model on their own (no broker): journeys are plausible
and reproducible, and the model's predictions keep the rules of contract.md whatever the
seed (hypothesis draws the seeds)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "e2e")]

from estate_journeys import PHASES, PRISONS, generate, prison_numbers  # noqa: E402
from estate_model import run_model  # noqa: E402

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
NOMS = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")


def test_a_seed_always_writes_the_same_estate() -> None:
    first, again = generate(11, 80, NOW), generate(11, 80, NOW)
    assert [str(s) for s in first.steps] == [str(s) for s in again.steps]
    assert [str(s) for s in generate(12, 80, NOW).steps] != [str(s) for s in first.steps]


def test_prison_numbers_are_valid_and_distinct_for_ten_thousand_people() -> None:
    people = prison_numbers(3, 10_000)
    assert len(set(people)) == 10_000
    assert all(NOMS.match(n) for n in people)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_every_journey_keeps_the_rules(seed: int) -> None:
    estate = generate(seed, 30, NOW)
    model = run_model(estate)
    for noms, person in model.people.items():
        journey = estate.journey(noms)
        times = [s.at for s in journey if s.message is not None]
        assert times == sorted(times), f"{noms}: feed messages out of time order"
        assert [s.phase for s in journey] == sorted((s.phase for s in journey), key=PHASES.index), (
            noms
        )
        assert all(s.at <= NOW for s in journey if s.message is not None), noms
        assert person.custody in ("in_custody", "released"), noms
        assert person.prison in PRISONS, noms
        plan = person.family
        live = Counter((t.period, t.kind) for t in plan.tasks if t.status != "cancelled")
        assert max(live.values(), default=1) == 1, f"{noms}: two live tasks of one kind"
        assert all(t.period == plan.period for t in plan.tasks if t.status == "open"), (
            f"{noms}: an earlier custody period's follow-up is still open"
        )
        releases = sum(r.trigger == "release" for r in person.referrals)
        assert releases <= len(person.releases), noms
        if person.inside:  # every release referral came before the latest reception
            assert all(r.status == "closed" for r in person.referrals if r.trigger == "release"), (
                f"{noms}: a release referral of an earlier period is still open"
            )
