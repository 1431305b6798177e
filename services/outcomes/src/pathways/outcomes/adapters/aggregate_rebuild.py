"""Rebuilding the aggregates from the stored facts as one set-based batch job (issue 14): the
counters are cleared, the facts are read in chunks of people (a range of person ids: two
indexed range scans, no long IN lists), each person's whole ledger is computed in memory
(domain/ledger_build.py, the incremental path's own function; optionally in worker
processes: adapters/ledger_chunks.py) and the sums are written with
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

from pathways.outcomes.adapters.aggregate_tables import AggregateStore
from pathways.outcomes.adapters.ledger_chunks import Ledgers, Row, facts_of
from pathways.outcomes.adapters.orm import facts
from pathways.outcomes.domain.ledger_person import mentor_of

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
        # Worker processes for the ledgers (0: inline). Off by default: on the 2-core machine
        # under load they halved the rate (bench/outcomes_figures.py, README).
        self.processes = 0

    async def lock(self) -> None:
        """Hold off fact writes and other rebuilds until this transaction ends."""
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(text("LOCK TABLE facts IN SHARE ROW EXCLUSIVE MODE"))

    async def people(self, unnamed: Sequence[tuple[Row, str]]) -> list[str]:
        c = facts.c
        ids = union(
            select(c.person_id.label("p")),
            select(c.other_person_id).where(c.other_person_id.is_not(None)),
        ).subquery()
        found = set((await self.session.execute(select(ids.c.p))).scalars())
        return sorted(found | {mentor for _, mentor in unnamed})

    async def unnamed(self) -> list[tuple[Row, str]]:
        """The matches whose mentor was forgotten (`other_person_id` cleared, the bare id
        kept in `data`), with that mentor: still in their ledger, as in the incremental
        path's (few: read once)."""
        c = facts.c
        rows = await self._rows(c.other_person_id.is_(None), c.event_type.in_(MATCHES))
        return [(row, str(mentor_of(fact.data))) for row in rows for fact in facts_of([row])]

    async def rows_between(self, first: str, last: str) -> list[Row]:
        """The fact rows of the people with ids first..last: their own and the matches
        naming them as mentor (two indexed range scans)."""
        c = facts.c
        return await self._rows(
            or_(
                and_(c.person_id >= first, c.person_id <= last),
                and_(c.other_person_id >= first, c.other_person_id <= last),
            )
        )

    async def _rows(self, *where: Any) -> list[Row]:
        c = facts.c
        columns = (c.event_id, c.event_type, c.occurred_at, cast(c.data, Text))
        return [tuple(r) for r in await self.session.execute(select(*columns).where(*where))]  # type: ignore[misc]

    async def run(self) -> int:
        """Clear the counters and add every person's ledger; returns the fact rows read (a
        match is read once for its mentee and once more for its mentor)."""
        store = AggregateStore(self.session)
        await store.clear()
        unnamed = await self.unnamed()
        chunks = list(ranges(await self.people(unnamed), self.people_per_chunk))
        processes = self.processes or 0
        self.facts_read = len(unnamed)
        async with Ledgers(processes) as ledgers:
            for first, last in chunks:
                rows = await self.rows_between(first, last)
                rows += [row for row, mentor in unnamed if first <= mentor <= last]
                self.facts_read += len(rows)
                await ledgers.add(rows, first, last)
                if len(ledgers.entries) >= FLUSH_KEYS:
                    await store.add(ledgers.entries)
                    ledgers.entries = {}
            await store.add(await ledgers.drain())
        return self.facts_read
