"""The set-based rebuild of the aggregates from the stored facts (SQLite and PostgreSQL)
equals the incremental path: random histories (the property test's, each with fresh people)
are fed through the real consumer in small batches, shuffled, some twice, sometimes with a
person forgotten midway; then the counter tables the consumer kept, the tables the rebuild
writes (in chunks of 1 to 4 people, so chunk edges cut through matches) and the ledgers of the
stored facts summed in memory (the oracle of tests/unit/test_outcomes_aggregates.py) are
the same. And a database whose aggregates were not built answers from the scan, is built
by `build_aggregates` (as at start-up), then answers the same from the aggregates; worker
processes (a large rebuild's) build the same counters as the inline path."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outcomes_histories import PEOPLE, histories
from outcomes_story import END, START, random_prison, story
from sqlalchemy import select

from pathways.contracts import CloudEvent
from pathways.outcomes.adapters.aggregate_tables import TABLES
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import LEDGER_VERSION
from pathways.outcomes.domain.ledger_build import ledger_of
from pathways.outcomes.service_layer.rebuild import build_aggregates
from pathways.testing.records import deliver
from pathways.testing.retention import erasure

pytestmark = [pytest.mark.postgres]
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
PERSON_FIELDS = ("person_id", "mentee_person_id", "mentor_person_id")


def fresh(facts: list[Fact]) -> tuple[list[Fact], list[uuid.UUID]]:
    """The history about new people (and new event ids): examples share one database."""
    people = {p: uuid.uuid4() for p in PEOPLE}
    tag = uuid.uuid4().hex[:12]
    out = []
    for fact in facts:
        update = {k: people[v] for k in PERSON_FIELDS if (v := getattr(fact.data, k, None))}
        data = fact.data.model_copy(update=update)
        out.append(Fact(f"{tag}-{fact.event_id}", fact.occurred_at, data))
    return out, list(people.values())


def envelope(fact: Fact) -> CloudEvent:
    event = CloudEvent.wrap(fact.data, source="tests/outcomes")
    return event.model_copy(update={"id": fact.event_id, "time": fact.occurred_at})


async def counters(svc: SimpleNamespace) -> dict:
    """Every nonzero counter, keyed as the ledger's entries."""
    found = {}
    async with svc.app.state.runtime.sessions() as session:
        for kind, table in TABLES.items():
            for row in await session.execute(select(table)):
                if row.n or row.total:
                    found[(kind, row.scope, row.metric, row.day, row.day2)] = (row.n, row.total)
    return found


async def rebuilt(svc: SimpleNamespace, chunk: int) -> int | None:
    async with svc.app.state.runtime.new_uow() as uow:
        uow.rebuilds.people_per_chunk = chunk
        return await build_aggregates(uow, again=True)


@SETTINGS
@given(
    histories(),
    st.randoms(use_true_random=False),
    st.integers(1, 4),
    st.sampled_from([None, *range(len(PEOPLE))]),
)
async def test_the_rebuild_from_facts_equals_the_incremental_aggregates(
    svc: SimpleNamespace, history: list[Fact], rng, chunk: int, forgotten: int | None
) -> None:
    facts, people = fresh(history)
    arrivals = facts + facts[: len(facts) // 3]  # some delivered twice
    rng.shuffle(arrivals)
    consumer = svc.app.state.runtime.definition.consumers[0]
    half = len(arrivals) // 2
    await deliver(consumer, [envelope(f) for f in arrivals[:half]], batch=3)
    if forgotten is not None:
        await deliver(consumer, [erasure(people[forgotten])])
    await deliver(consumer, [envelope(f) for f in arrivals[half:]], batch=3)
    kept = await counters(svc)

    assert await rebuilt(svc, chunk) is not None
    assert await counters(svc) == kept
    async with svc.app.state.runtime.new_uow() as uow:
        stored = await uow.facts.load(None)
    oracle = {k: tuple(v) for k, v in ledger_of(stored).items() if v != [0, 0]}
    assert kept == oracle


async def test_a_database_without_aggregates_is_built_from_its_facts(
    svc: SimpleNamespace,
) -> None:
    await svc.feed(story(random_prison()))
    url = f"/outcomes/summary?from={START}&to={END}"
    aggregated = (await svc.client.get(url, headers=svc.staff)).json()
    async with svc.app.state.runtime.new_uow() as uow:
        await uow.state.set(aggregates_version=None)  # as a database with facts before 0009
        await uow.aggregates.clear()
        await uow.commit()
    scanned = (await svc.client.get(url, headers=svc.staff)).json()
    async with svc.app.state.runtime.new_uow() as uow:
        assert await build_aggregates(uow) is not None
    async with svc.app.state.runtime.new_uow() as uow:
        assert (await uow.state.get()).aggregates_version == LEDGER_VERSION
        assert await build_aggregates(uow) is None  # built: nothing to do
    assert (await svc.client.get(url, headers=svc.staff)).json() == scanned == aggregated


async def test_worker_processes_build_the_same_counters(svc: SimpleNamespace) -> None:
    await svc.feed(story(random_prison()))
    inline = await counters(svc)
    async with svc.app.state.runtime.new_uow() as uow:
        uow.rebuilds.people_per_chunk, uow.rebuilds.processes = 1, 2
        assert await build_aggregates(uow, again=True)
    assert await counters(svc) == inline
