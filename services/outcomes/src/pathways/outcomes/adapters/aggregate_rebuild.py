"""Rebuilding the aggregates from the stored facts as one set-based batch job (issue 14): the
counters are cleared, the facts are read in chunks of people (a range of person ids: two
indexed range scans, no long IN lists), each person's whole ledger is computed in memory
(domain/ledger_build.py, the incremental path's own function) and the sums are written with
a few multi-row statements. Nothing is applied fact by fact.

Concurrency: on PostgreSQL the job takes `facts` in SHARE ROW EXCLUSIVE mode for its
transaction: no fact is written or deleted meanwhile (a consumer's transaction waits, then
sees the aggregates built and adds its difference as usual) and two replicas never rebuild
at once. On SQLite clearing the counters first takes the database's write lock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Text, and_, cast, or_, select, text, union
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import REGISTRY
from pathways.outcomes.adapters.aggregate_tables import AggregateStore
from pathways.outcomes.adapters.orm import facts
from pathways.outcomes.adapters.repository import _aware
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import Entries, merge
from pathways.outcomes.domain.ledger_build import by_person, people_of, person_ledger

PEOPLE_PER_CHUNK = 2000
FLUSH_KEYS = 250_000  # counters kept in memory before they are added to the tables
MATCHES = ("mentoring.match.made.v1", "mentoring.match.ended.v1")


def ranges(people: Sequence[str], size: int) -> Iterator[tuple[str, str]]:
    """(first, last) person id of each run of `size` people (sorted ids)."""
    for start in range(0, len(people), size):
        chunk = people[start : start + size]
        yield chunk[0], chunk[-1]


class AggregateRebuild:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.facts_read = 0
        self.people_per_chunk = PEOPLE_PER_CHUNK

    async def lock(self) -> None:
        """Hold off fact writes and other rebuilds until this transaction ends."""
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(text("LOCK TABLE facts IN SHARE ROW EXCLUSIVE MODE"))

    async def people(self, unnamed: Sequence[Fact]) -> list[str]:
        c = facts.c
        ids = union(
            select(c.person_id.label("p")),
            select(c.other_person_id).where(c.other_person_id.is_not(None)),
        ).subquery()
        found = set((await self.session.execute(select(ids.c.p))).scalars())
        return sorted(found | {str(p) for f in unnamed for p in people_of(f)})

    async def unnamed(self) -> list[Fact]:
        """The matches whose mentor was forgotten (`other_person_id` cleared, the bare id
        kept in `data`): still in that mentor's ledger, as in the incremental path's."""
        c = facts.c
        return await self._facts(c.other_person_id.is_(None), c.event_type.in_(MATCHES))

    async def facts_between(self, first: str, last: str) -> list[Fact]:
        """The facts of the people with ids first..last: their own and the matches naming
        them as mentor (read as JSON text, validated straight from it)."""
        c = facts.c
        return await self._facts(
            or_(
                and_(c.person_id >= first, c.person_id <= last),
                and_(c.other_person_id >= first, c.other_person_id <= last),
            )
        )

    async def _facts(self, *where: Any) -> list[Fact]:
        c = facts.c
        columns = (c.event_id, c.event_type, c.occurred_at, cast(c.data, Text))
        rows = await self.session.execute(select(*columns).where(*where))
        loaded = []
        for event_id, event_type, occurred_at, data in rows:
            model = REGISTRY.get(event_type)
            if model is not None:
                loaded.append(Fact(event_id, _aware(occurred_at), model.model_validate_json(data)))
        return loaded

    async def run(self) -> int:
        """Clear the counters and add every person's ledger; returns the facts read (a
        match is read once for its mentee and once more for its mentor)."""
        store = AggregateStore(self.session)
        await store.clear()
        entries: Entries = {}
        unnamed = await self.unnamed()
        self.facts_read = len(unnamed)
        for first, last in ranges(await self.people(unnamed), self.people_per_chunk):
            found = await self.facts_between(first, last)
            self.facts_read += len(found)
            more = [f for f in unnamed if any(first <= str(p) <= last for p in people_of(f))]
            found = list({f.event_id: f for f in found + more}.values())
            for person, theirs in by_person(found).items():
                if first <= str(person) <= last:
                    merge(entries, person_ledger(person, theirs))
            if len(entries) >= FLUSH_KEYS:
                await store.add(entries)
                entries = {}
        await store.add(entries)
        return self.facts_read
