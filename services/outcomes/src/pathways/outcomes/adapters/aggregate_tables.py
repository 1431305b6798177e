"""The aggregates: counters per scope (a prison, or `*` for the nation), metric and day —
the people's ledgers summed (domain/ledger.py) — kept in the same transaction as the facts
that change them, and read with one indexed range query per kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import BigInteger, Column, Date, String, Table, case, delete, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.outcomes.adapters.orm import metadata
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.figures_totals import (
    PointSums,
    Totals,
    recent_start,
    scope_of,
    worker_day,
)
from pathways.outcomes.domain.ledger import LEVEL, POINT, WORKER, Entries


def _counters(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("scope", String(3), primary_key=True),  # a prison code, or "*": every prison
        Column("day", Date, primary_key=True),
        Column("metric", String(120), primary_key=True),
        Column("day2", Date, primary_key=True),  # a second day (ledger.NO_DAY: none)
        Column("n", BigInteger, nullable=False),
        Column("total", BigInteger, nullable=False),
    )


points = _counters("aggregate_points")  # counted in a range holding the day
levels = _counters("aggregate_levels")  # steps: the sum up to a day is the figure that day
workers = _counters("aggregate_workers")  # levels per follow-up owner (metric `o:<owner>`)
TABLES = {POINT: points, LEVEL: levels, WORKER: workers}
WRITE_CHUNK = 50_000
UNNEST = (
    "INSERT INTO {table} (scope, day, metric, day2, n, total) SELECT * FROM unnest("
    "CAST(:s AS varchar[]), CAST(:d AS date[]), CAST(:m AS varchar[]), CAST(:e AS date[]), "
    "CAST(:t AS bigint[]), CAST(:u AS bigint[])) ON CONFLICT (scope, day, metric, day2) DO "
    "UPDATE SET n = {table}.n + excluded.n, total = {table}.total + excluded.total"
)


class AggregateStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def postgres(self) -> bool:
        return self.session.bind.dialect.name == "postgresql"

    async def add(self, entries: Entries) -> None:
        """Add the entries to the counters (upsert, in key order: no deadlock between two
        writers, whatever their batches)."""
        for kind, table in TABLES.items():
            rows = sorted(
                ((s, d, m, d2, n, t) for (k, s, m, d, d2), (n, t) in entries.items()
                 if k == kind and (n or t)),
            )  # fmt: skip
            for start in range(0, len(rows), WRITE_CHUNK):
                await self._upsert(table, rows[start : start + WRITE_CHUNK])

    async def _upsert(self, table: Table, rows: Sequence[tuple]) -> None:
        if self.postgres:  # one statement of six arrays, whatever the number of rows
            columns = [list(c) for c in zip(*rows, strict=True)]
            await self.session.execute(text(UNNEST.format(table=table.name)),
                                       dict(zip("sdmetu", columns, strict=True)))  # fmt: skip
            return
        statement = sqlite.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["scope", "day", "metric", "day2"],
            set_={"n": table.c.n + statement.excluded.n,
                  "total": table.c.total + statement.excluded.total},
        )  # fmt: skip
        names = ("scope", "day", "metric", "day2", "n", "total")
        await self.session.execute(statement, [dict(zip(names, r, strict=True)) for r in rows])

    async def clear(self) -> None:
        for table in TABLES.values():
            await self.session.execute(delete(table))

    async def totals(self, period: Period) -> Totals:
        """The sums one summary needs: two indexed range reads of one scope."""
        c, scope = points.c, scope_of(period)
        found = await self.session.execute(
            select(
                c.metric, func.sum(c.n), func.sum(c.total),
                func.sum(case((c.day >= recent_start(period), c.n), else_=0)),
                func.sum(case((c.day2 <= period.end, c.n), else_=0)),
                func.sum(case((c.day2 >= period.start, c.n), else_=0)),
            )
            .where(c.scope == scope, c.day >= period.start, c.day <= period.end)
            .group_by(c.metric)
        )  # fmt: skip
        sums = {row[0]: PointSums(*(int(v or 0) for v in row[1:])) for row in found}
        return Totals(sums, await self._levels(levels, scope, period.end))

    async def workers(self, period: Period) -> dict[str, tuple[int, int]]:
        return await self._levels(workers, scope_of(period), worker_day(period))

    async def _levels(self, table: Table, scope: str, day: date) -> dict[str, tuple[int, int]]:
        c = table.c
        found = await self.session.execute(
            select(c.metric, func.sum(c.n), func.sum(c.total))
            .where(c.scope == scope, c.day <= day)
            .group_by(c.metric)
        )
        return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in found}
