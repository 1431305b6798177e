"""Keeping the aggregates up to date in the transaction that changes the facts: lock the
people a change touches (PostgreSQL: one advisory lock each, in order, so two replicas never
add differences computed from the same stale facts), read their facts, make the change, and
add each person's ledger after minus before."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.outcomes.adapters.aggregate_tables import AggregateStore
from pathways.outcomes.adapters.repository import FactStore, StateStore
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import LEDGER_VERSION
from pathways.outcomes.domain.ledger_build import changes

LOCK = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM "
    "(SELECT hashtextextended(x, 7304) AS k FROM unnest(CAST(:ids AS text[])) AS x ORDER BY k) s"
)


async def aggregates_built(session: AsyncSession) -> bool:
    return (await StateStore(session).get()).aggregates_version == LEDGER_VERSION


async def lock_people(session: AsyncSession, people: Collection[UUID]) -> None:
    if people and session.bind.dialect.name == "postgresql":
        await session.execute(LOCK, {"ids": sorted(str(p) for p in people)})


async def change_facts(
    session: AsyncSession,
    people: Collection[UUID],
    mutate: Callable[[list[Fact]], Awaitable[list[Fact]]],
) -> None:
    """Run `mutate` (given the people's facts, it changes the table and returns their facts
    after) and, once the aggregates are built, add the difference it makes."""
    await lock_people(session, people)
    store = FactStore(session)
    before = await store.of_people(people)
    after = await mutate(before)
    if await aggregates_built(session):  # read after the write: a rebuild may just have ended
        await AggregateStore(session).add(changes(people, before, after))
