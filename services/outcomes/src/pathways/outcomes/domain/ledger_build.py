"""The whole ledger of one person, and of many (a rebuild, a batch)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import Entries, Ledger, difference, merge
from pathways.outcomes.domain.ledger_levels import level_entries
from pathways.outcomes.domain.ledger_memo import LedgerMemo
from pathways.outcomes.domain.ledger_person import PersonFacts, mentor_of, subject_of
from pathways.outcomes.domain.ledger_points import point_entries


def person_ledger(person: UUID, facts: Iterable[Fact]) -> Entries:
    """Every entry the person contributes (see ledger.py), from all their facts (their own
    and the matches naming them as mentor; others are ignored)."""
    view = PersonFacts(person, facts)
    ledger = Ledger()
    if view.facts or view.mentored:
        point_entries(view, ledger)
        level_entries(view, ledger)
    return ledger.entries


def people_of(fact: Fact) -> set[UUID]:
    """Whose ledgers a fact changes: its subject's, and its mentor's for a match."""
    return {p for p in (subject_of(fact.data), mentor_of(fact.data)) if p is not None}


def by_person(facts: Iterable[Fact]) -> dict[UUID, list[Fact]]:
    grouped: dict[UUID, list[Fact]] = defaultdict(list)
    for fact in facts:
        for person in people_of(fact):
            grouped[person].append(fact)
    return grouped


def ledger_of(facts: Iterable[Fact]) -> Entries:
    """The sum of every person's ledger: what the aggregate tables hold for these facts."""
    total: Entries = {}
    for person, theirs in by_person(facts).items():
        merge(total, person_ledger(person, theirs))
    return total


def changes(
    people: Iterable[UUID],
    before: Iterable[Fact],
    after: Iterable[Fact],
    memo: LedgerMemo | None = None,
) -> Entries:
    """Σ over the people of ledger(after) - ledger(before); with a memo, a ledger of the same
    facts as one computed earlier is not computed again."""
    was, now = by_person(before), by_person(after)
    ledger = person_ledger if memo is None else (lambda p, fs: memo.ledger(p, fs, person_ledger))
    out: Entries = {}
    for person in people:
        then = ledger(person, was.get(person, []))  # first: the memo keeps the latest
        merge(out, difference(ledger(person, now.get(person, [])), then))
    return out
