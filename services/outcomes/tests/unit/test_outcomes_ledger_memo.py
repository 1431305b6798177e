"""The ledger memo: a person's ledger is computed once for one set of facts, and a ledger
remembered for other facts (one more, one fewer, a batch rolled back) is never used; adding
each change's difference with one memo across every batch (any order, redeliveries, a
forgotten person, a tiny memo that forgets) gives the aggregates of all the facts at once."""

from __future__ import annotations

from collections import deque
from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outcomes_histories import PEOPLE, histories

from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import Entries, merge
from pathways.outcomes.domain.ledger_build import changes, ledger_of, people_of, person_ledger
from pathways.outcomes.domain.ledger_memo import LedgerMemo

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


def nonzero(entries: Entries) -> dict:
    return {k: tuple(v) for k, v in entries.items() if v != [0, 0]}


def counting() -> tuple[list[int], object]:
    calls = [0]

    def compute(person, facts):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return person_ledger(person, facts)

    return calls, compute


@SETTINGS
@given(histories())
def test_the_same_facts_are_computed_once_in_any_order(facts: list[Fact]) -> None:
    memo, (calls, compute) = LedgerMemo(), counting()
    person = next(iter(people_of(facts[0]))) if facts else uuid4()
    first = memo.ledger(person, facts, compute)
    again = memo.ledger(person, list(reversed(facts)), compute)
    assert calls[0] == 1 and again is first
    assert first == person_ledger(person, facts)


@SETTINGS
@given(histories(), st.data())
def test_a_ledger_of_other_facts_is_never_used(facts: list[Fact], data: st.DataObject) -> None:
    memo, (calls, compute) = LedgerMemo(), counting()
    person = data.draw(st.sampled_from(PEOPLE))
    memo.ledger(person, facts, compute)
    fewer = facts[: data.draw(st.integers(0, max(0, len(facts) - 1)))]
    assert memo.ledger(person, fewer, compute) == person_ledger(person, fewer)
    assert calls[0] == (2 if facts else 1)  # the empty set twice is the same set


@SETTINGS
@given(histories(), st.randoms(use_true_random=False), st.sampled_from([0, 5, 200_000]))
def test_one_memo_across_every_batch_gives_the_aggregates_of_the_facts(
    facts: list[Fact], rng, size: int
) -> None:
    memo = LedgerMemo(max_entries=size)
    arrivals = facts + facts[: len(facts) // 3]  # some delivered twice
    rng.shuffle(arrivals)
    batches = deque(arrivals[i : i + 3] for i in range(0, len(arrivals), 3))
    stored: dict[str, Fact] = {}
    kept: Entries = {}
    while batches:
        chunk = batches.popleft()
        touched = set().union(*(people_of(f) for f in chunk))
        before = [f for f in stored.values() if people_of(f) & touched]
        fresh = list({f.event_id: f for f in chunk if f.event_id not in stored}.values())
        if fresh and rng.random() < 0.3:  # computed, then rolled back: delivered again later
            changes(touched, before, before + fresh, memo)
            batches.append(chunk)
            continue
        stored.update({f.event_id: f for f in fresh})
        merge(kept, changes(touched, before, before + fresh, memo))
    assert nonzero(kept) == nonzero(ledger_of(facts))
    # forgetting a person: their facts go; the ledgers of their facts' people change
    gone = [f for f in stored.values() if people_of(f) & {PEOPLE[0]}]
    touched = set().union(*(people_of(f) for f in gone))
    before = [f for f in stored.values() if people_of(f) & touched]
    for f in gone:
        del stored[f.event_id]
    after = [f for f in stored.values() if people_of(f) & touched]
    merge(kept, changes(touched, before, after, memo))
    assert nonzero(kept) == nonzero(ledger_of(stored.values()))


def test_the_memo_forgets_the_least_recently_used_beyond_its_size() -> None:
    memo = LedgerMemo(max_entries=2)
    a, b = uuid4(), uuid4()
    one = {("p", "*", "x", None, None): [1, 0]}
    memo.ledger(a, [], lambda p, fs: dict(one))  # type: ignore[arg-type]
    memo.ledger(b, [], lambda p, fs: dict(one))  # type: ignore[arg-type]
    memo.ledger(a, [], lambda p, fs: {})  # a hit: a is the most recent
    memo.ledger(uuid4(), [], lambda p, fs: dict(one))  # type: ignore[arg-type]
    assert memo.hits == 1
    calls = []
    memo.ledger(b, [], lambda p, fs: calls.append(p) or {})  # b was forgotten
    memo.ledger(a, [], lambda p, fs: calls.append(p) or {})
    assert calls == [b]
