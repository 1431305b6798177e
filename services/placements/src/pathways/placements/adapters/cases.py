"""Referral and placement rows (JSON state beside the columns lists filter on)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.person_prisons import people_in
from pathways.messaging.staged import StagedRows
from pathways.placements.adapters.orm import placements, referrals
from pathways.placements.adapters.serialize import (
    placement_from_row,
    placement_to_json,
    referral_from_row,
    referral_to_json,
)
from pathways.placements.domain import Placement, Referral
from pathways.platform import clock
from pathways.platform.statements import ids, ids_param
from pathways.platform.versioned import VersionedRepository

A = TypeVar("A", Referral, Placement)
_OPEN_OF: dict[str, Any] = {}  # each table's still-open rows of a batch's people


class _CasesOfPeople(Generic[A]):
    """Versioned rows of one kind, several per person; a consumer batch loads the still-open
    rows of everyone it names at once and writes its changes together (`StagedRows`)."""

    def __init__(
        self,
        session: AsyncSession,
        table: Table,
        key: str,
        what: str,
        from_row: Callable[[Any], A],
        still_open: Callable[[Table], ColumnElement[bool]],
        order: Callable[[Table], tuple[ColumnElement[Any], ...]],
    ) -> None:
        self.session, self.table, self.key, self.what = session, table, key, what
        self.from_row, self.still_open, self.order = from_row, still_open, order
        self.rows: VersionedRepository[Any] = VersionedRepository(session, table, key, what)
        self.staged = StagedRows(session, table, key, self.rows)
        self._open: dict[UUID, list[A]] = {}  # by person, in a staged batch
        if table.name not in _OPEN_OF:  # built once per table, run with parameters
            _OPEN_OF[table.name] = (
                select(table)
                .where(table.c.person_id.in_(ids_param()), still_open(table))
                .order_by(*order(table))
            )

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: the still-open rows of everyone it names."""
        self.staged.begin()
        self._open = {person_id: [] for person_id in person_ids}
        for found in await self._open_of(list(person_ids)):
            self._open[found.person_id].append(found)  # type: ignore[attr-defined]

    async def write_staged(self) -> None:
        await self.staged.write()
        self._open = {}

    async def _get(self, key: UUID) -> A:
        row = await self.rows.row(key)
        self.rows.loaded(key, row.version)
        return self.from_row(row)

    async def _store(
        self, key: UUID, values: dict[str, object], on_insert: dict[str, object] | None = None
    ) -> None:
        if self.staged.active:
            self.staged.save(key, values, on_insert=on_insert)
        else:
            await self.rows.save(key, {**(on_insert or {}), **values})

    async def _staged_of(self, person_id: UUID) -> list[A]:
        if person_id not in self._open:  # a person the batch did not name
            self._open[person_id] = await self._open_of([person_id])
        return self._open[person_id]

    async def _open_of(self, person_ids: list[UUID]) -> list[A]:
        rows = await self.session.execute(_OPEN_OF[self.table.name], ids(person_ids))
        found = []
        for row in rows:
            key = getattr(row, self.key)
            self.rows.loaded(key, row.version)
            found.append(self.from_row(row))
            if self.staged.active:
                self.staged.loaded(key, row.version, found[-1])
        return found


class ReferralRepository(_CasesOfPeople[Referral]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session, referrals, "referral_id", "referral", referral_from_row,
            lambda t: t.c.status != "closed", lambda t: (t.c.created_at, t.c.referral_id),
        )  # fmt: skip

    async def get(self, referral_id: UUID) -> Referral:
        return await self._get(referral_id)

    async def add(self, referral: Referral, trigger_key: str | None = None) -> None:
        first = {
            "person_id": referral.person_id,
            "trigger": referral.trigger.value,
            "trigger_key": trigger_key,
            "opened_on": referral.opened_on,
            "created_at": clock.now(),
        }
        if self.staged.active:
            (await self._staged_of(referral.person_id)).append(referral)
        await self._store(referral.referral_id, self._values(referral), on_insert=first)

    async def save(self, referral: Referral) -> None:
        await self._store(referral.referral_id, self._values(referral))

    def _values(self, referral: Referral) -> dict[str, object]:
        return {"status": referral.status.value, "state": referral_to_json(referral)}

    async def not_closed_of(self, person_id: UUID) -> list[Referral]:
        """The person's open or placed referrals (read for update in this unit of work)."""
        if not self.staged.active:
            return await self._open_of([person_id])
        return [r for r in await self._staged_of(person_id) if r.status.value != "closed"]

    async def list(
        self,
        person_id: UUID | None,
        status: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[Referral], int]:
        query = select(referrals)
        if prisons is not None:  # the caller's caseload
            query = query.where(referrals.c.person_id.in_(people_in(prisons)))
        if person_id is not None:
            query = query.where(referrals.c.person_id == person_id)
        if status is not None:
            query = query.where(referrals.c.status == status)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        page = query.order_by(referrals.c.created_at, referrals.c.referral_id)
        rows = await self.session.execute(page.limit(limit).offset(offset))
        return [referral_from_row(row) for row in rows], int(total or 0)


class PlacementRepository(_CasesOfPeople[Placement]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session, placements, "placement_id", "placement", placement_from_row,
            lambda t: t.c.status == "active", lambda t: (t.c.starts_on, t.c.placement_id),
        )  # fmt: skip

    async def get(self, placement_id: UUID) -> Placement:
        return await self._get(placement_id)

    async def active_of(self, person_id: UUID) -> list[Placement]:
        """The person's active placements (read for update in this unit of work)."""
        if not self.staged.active:
            return await self._open_of([person_id])
        return [p for p in await self._staged_of(person_id) if p.status.value == "active"]

    async def save(self, placement: Placement) -> None:
        """Insert a new placement or update one read in this unit of work."""
        values = {
            "person_id": placement.person_id,
            "referral_id": placement.referral_id,
            "opportunity_id": placement.opportunity_id,
            "provider_id": placement.provider_id,
            "status": placement.status.value,
            "starts_on": placement.starts_on,
            "state": placement_to_json(placement),
        }
        await self._store(placement.placement_id, values)
