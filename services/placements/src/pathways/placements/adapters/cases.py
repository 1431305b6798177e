"""Referral and placement rows (JSON state beside the columns lists filter on)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
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
from pathways.platform.errors import NotFound
from pathways.platform.versioned import VersionedRepository


class ReferralRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rows: VersionedRepository[Any] = VersionedRepository(
            session, referrals, "referral_id", "referral"
        )
        self.staged = StagedRows(session, referrals, "referral_id", self.rows)
        self._not_closed: dict[UUID, list[Referral]] = {}  # by person, in a staged batch

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: the open and placed referrals of everyone it names."""
        self.staged.begin()
        self._not_closed = {person_id: [] for person_id in person_ids}
        for referral in await self._not_closed_of(list(person_ids)):
            self._not_closed[referral.person_id].append(referral)

    async def write_staged(self) -> None:
        await self.staged.write()
        self._not_closed = {}

    async def get(self, referral_id: UUID) -> Referral:
        row = (
            await self.session.execute(
                select(referrals).where(referrals.c.referral_id == referral_id)
            )
        ).one_or_none()
        if row is None:
            raise NotFound(f"no referral {referral_id}", code="referral_not_found")
        self.rows.loaded(referral_id, row.version)
        return referral_from_row(row)

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
            self.staged.save(referral.referral_id, self._values(referral), on_insert=first)
            return
        await self.rows.save(referral.referral_id, {**first, **self._values(referral)})

    async def save(self, referral: Referral) -> None:
        if self.staged.active:
            self.staged.save(referral.referral_id, self._values(referral))
        else:
            await self.rows.save(referral.referral_id, self._values(referral))

    def _values(self, referral: Referral) -> dict[str, object]:
        return {"status": referral.status.value, "state": referral_to_json(referral)}

    async def not_closed_of(self, person_id: UUID) -> list[Referral]:
        """The person's open or placed referrals (read for update in this unit of work)."""
        if not self.staged.active:
            return await self._not_closed_of([person_id])
        return [r for r in await self._staged_of(person_id) if r.status.value != "closed"]

    async def _staged_of(self, person_id: UUID) -> list[Referral]:
        if person_id not in self._not_closed:  # a person the batch did not name
            self._not_closed[person_id] = await self._not_closed_of([person_id])
        return self._not_closed[person_id]

    async def _not_closed_of(self, person_ids: list[UUID]) -> list[Referral]:
        rows = await self.session.execute(
            select(referrals)
            .where(referrals.c.person_id.in_(person_ids), referrals.c.status != "closed")
            .order_by(referrals.c.created_at, referrals.c.referral_id)
        )
        found = []
        for row in rows:
            self.rows.loaded(row.referral_id, row.version)
            found.append(referral_from_row(row))
            if self.staged.active:
                self.staged.loaded(row.referral_id, row.version, found[-1])
        return found

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


class PlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rows: VersionedRepository[Any] = VersionedRepository(
            session, placements, "placement_id", "placement"
        )
        self.staged = StagedRows(session, placements, "placement_id", self.rows)
        self._active: dict[UUID, list[Placement]] = {}  # by person, in a staged batch

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: the active placements of everyone it names."""
        self.staged.begin()
        self._active = {person_id: [] for person_id in person_ids}
        for placement in await self._active_of(list(person_ids)):
            self._active[placement.person_id].append(placement)

    async def write_staged(self) -> None:
        await self.staged.write()
        self._active = {}

    async def get(self, placement_id: UUID) -> Placement:
        row = (
            await self.session.execute(
                select(placements).where(placements.c.placement_id == placement_id)
            )
        ).one_or_none()
        if row is None:
            raise NotFound(f"no placement {placement_id}", code="placement_not_found")
        self.rows.loaded(placement_id, row.version)
        return placement_from_row(row)

    async def active_of(self, person_id: UUID) -> list[Placement]:
        """The person's active placements (read for update in this unit of work)."""
        if not self.staged.active:
            return await self._active_of([person_id])
        if person_id not in self._active:
            self._active[person_id] = await self._active_of([person_id])
        return [p for p in self._active[person_id] if p.status.value == "active"]

    async def _active_of(self, person_ids: list[UUID]) -> list[Placement]:
        rows = await self.session.execute(
            select(placements)
            .where(placements.c.person_id.in_(person_ids), placements.c.status == "active")
            .order_by(placements.c.starts_on, placements.c.placement_id)
        )
        found = []
        for row in rows:
            self.rows.loaded(row.placement_id, row.version)
            found.append(placement_from_row(row))
            if self.staged.active:
                self.staged.loaded(row.placement_id, row.version, found[-1])
        return found

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
        if self.staged.active:
            self.staged.save(placement.placement_id, values)
        else:
            await self.rows.save(placement.placement_id, values)
