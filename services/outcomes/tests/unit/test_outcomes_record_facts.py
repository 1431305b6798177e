"""The consumer's use case (`record_facts`) on a fake unit of work: whatever order and
grouping the events arrive in, redelivered or not, the counters it adds are the ledgers of
the facts summed (the aggregates' oracle); it locks every person a run touches before it
reads their facts; and it adds nothing while the aggregates are not built."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outcomes_fakes import FakeOutcomesWork
from outcomes_histories import histories

from pathways.messaging.incoming import Incoming
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger_build import ledger_of, people_of
from pathways.outcomes.service_layer.event_handlers import record_facts

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


def incoming(fact: Fact) -> Incoming:
    return Incoming(fact.event_id, fact.data.event_type, fact.data, None, None, fact.occurred_at)


def apply(uow: FakeOutcomesWork, runs: list[list[Fact]]) -> None:
    async def go() -> None:
        for run in runs:
            await record_facts([incoming(f) for f in run], uow)

    asyncio.run(go())


@SETTINGS
@given(histories(), st.randoms(use_true_random=False), st.integers(1, 5))
def test_the_counters_added_are_the_ledgers_of_the_facts(facts, rng, size: int) -> None:
    arrivals = facts + facts[: len(facts) // 2]  # some delivered twice
    rng.shuffle(arrivals)
    runs = [arrivals[i : i + size] for i in range(0, len(arrivals), size)]
    uow = FakeOutcomesWork()
    apply(uow, runs)
    oracle = {k: tuple(v) for k, v in ledger_of(facts).items() if v != [0, 0]}
    assert uow.aggregates.nonzero() == oracle
    for run, locked in zip(runs, uow.locked, strict=True):
        assert set().union(*(people_of(f) for f in run)) == locked


@SETTINGS
@given(histories())
def test_nothing_is_added_while_the_aggregates_are_not_built(facts) -> None:
    uow = FakeOutcomesWork()
    uow.state.aggregates_version = None
    apply(uow, [facts])
    assert uow.aggregates.entries == {}
    assert set(uow.facts.stored) == {f.event_id for f in facts}
