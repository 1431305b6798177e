"""Property: for random fact histories, every figure from the aggregates (the people's
ledgers summed) equals the figure from a plain scan of the facts (`summarise`, the oracle),
for one prison and for all, any range and any today; and the aggregates kept by adding
each change's difference (facts arriving in any order, twice, or a person forgotten) equal
those computed from all the facts at once."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outcomes_histories import PEOPLE, PRISONS, START, histories

from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.figures import summary_of, workers_of
from pathways.outcomes.domain.figures_totals import totals_in_memory, workers_in_memory
from pathways.outcomes.domain.ledger import Entries, difference, merge
from pathways.outcomes.domain.ledger_build import by_person, ledger_of, people_of, person_ledger
from pathways.outcomes.domain.ledger_person import ordered
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.summary import summarise
from pathways.outcomes.domain.workers import per_worker

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
days = st.integers(-10, 120).map(lambda n: START + timedelta(days=n))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    a, b = draw(days), draw(days)
    return Period(draw(st.sampled_from([None, *PRISONS])), min(a, b), max(a, b), draw(days))


def nonzero(entries: Entries) -> dict:
    return {k: tuple(v) for k, v in entries.items() if v != [0, 0]}


@SETTINGS
@given(histories(), st.lists(periods(), min_size=1, max_size=4))
def test_every_figure_from_the_aggregates_equals_the_scan_of_the_facts(
    facts: list[Fact], asked: list[Period]
) -> None:
    entries = ledger_of(facts)
    for period in asked:
        expected = summarise(ordered(facts), period)
        assert asdict(summary_of(totals_in_memory(entries, period), period)) == asdict(expected)
        workers = per_worker(Scope.of(ordered(facts), period))
        assert workers_of(workers_in_memory(entries, period)) == workers


@SETTINGS
@given(histories(), st.randoms(use_true_random=False), st.sampled_from(PEOPLE))
def test_adding_each_change_in_any_order_gives_the_same_aggregates(
    facts: list[Fact], rng, forgotten
) -> None:
    arrivals = facts + facts[: len(facts) // 3]  # some delivered twice
    rng.shuffle(arrivals)
    stored: dict[str, Fact] = {}
    kept: Entries = {}
    for chunk in (arrivals[i : i + 3] for i in range(0, len(arrivals), 3)):
        touched = set().union(*(people_of(f) for f in chunk))
        before = {p: [f for f in stored.values() if p in people_of(f)] for p in touched}
        stored.update({f.event_id: f for f in chunk if f.event_id not in stored})
        for person in touched:
            after = [f for f in stored.values() if person in people_of(f)]
            merge(
                kept,
                difference(person_ledger(person, after), person_ledger(person, before[person])),
            )
    assert nonzero(kept) == nonzero(ledger_of(facts))
    # forgetting a person: their facts go; the mentors of their matches change too
    gone = [f for f in stored.values() if f.data.__dict__.get("person_id") == forgotten
            or f.data.__dict__.get("mentee_person_id") == forgotten]  # fmt: skip
    touched = set().union(*(people_of(f) for f in gone)) if gone else set()
    grouped = by_person(stored.values())
    for f in gone:
        del stored[f.event_id]
    regrouped = by_person(stored.values())
    for person in touched:
        merge(kept, difference(person_ledger(person, regrouped.get(person, [])),
                               person_ledger(person, grouped.get(person, []))))  # fmt: skip
    assert nonzero(kept) == nonzero(ledger_of(stored.values()))


def test_an_empty_history_gives_empty_figures() -> None:
    period = Period(None, START, START, date(2026, 1, 1))
    assert asdict(summary_of(totals_in_memory({}, period), period)) == asdict(summarise([], period))
