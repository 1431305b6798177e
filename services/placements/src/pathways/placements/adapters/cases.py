"""Referral and placement rows (JSON state beside the columns lists filter on)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.person_prisons import people_in
from pathways.placements.adapters.orm import placements, referrals
from pathways.placements.adapters.serialize import (
    placement_from_row,
    placement_to_json,
    referral_from_row,
    referral_to_json,
)
from pathways.placements.domain import Placement, Referral
from pathways.platform.errors import NotFound
from pathways.platform.versioned import VersionedRepository


class ReferralRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rows: VersionedRepository[Any] = VersionedRepository(
            session, referrals, "referral_id", "referral"
        )

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
        await self.rows.save(
            referral.referral_id,
            {
                "person_id": referral.person_id,
                "trigger": referral.trigger.value,
                "trigger_key": trigger_key,
                "opened_on": referral.opened_on,
                "created_at": datetime.now(UTC),
                **self._values(referral),
            },
        )

    async def save(self, referral: Referral) -> None:
        await self.rows.save(referral.referral_id, self._values(referral))

    def _values(self, referral: Referral) -> dict[str, object]:
        return {"status": referral.status.value, "state": referral_to_json(referral)}

    async def not_closed_of(self, person_id: UUID) -> list[Referral]:
        """The person's open or placed referrals (read for update in this unit of work)."""
        rows = await self.session.execute(
            select(referrals)
            .where(referrals.c.person_id == person_id, referrals.c.status != "closed")
            .order_by(referrals.c.created_at, referrals.c.referral_id)
        )
        found = []
        for row in rows:
            self.rows.loaded(row.referral_id, row.version)
            found.append(referral_from_row(row))
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
        rows = await self.session.execute(
            select(placements)
            .where(placements.c.person_id == person_id, placements.c.status == "active")
            .order_by(placements.c.starts_on, placements.c.placement_id)
        )
        found = []
        for row in rows:
            self.rows.loaded(row.placement_id, row.version)
            found.append(placement_from_row(row))
        return found

    async def save(self, placement: Placement) -> None:
        """Insert a new placement or update one read in this unit of work."""
        await self.rows.save(
            placement.placement_id,
            {
                "person_id": placement.person_id,
                "referral_id": placement.referral_id,
                "opportunity_id": placement.opportunity_id,
                "provider_id": placement.provider_id,
                "status": placement.status.value,
                "starts_on": placement.starts_on,
                "state": placement_to_json(placement),
            },
        )
