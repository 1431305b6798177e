"""Providers and opportunities, with the guarded counter of places taken."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.placements.adapters.orm import opportunities, providers
from pathways.placements.domain import DisclosureLevel, Opportunity, Provider
from pathways.platform import clock
from pathways.platform.errors import NotFound


def _provider(row: object) -> Provider:
    r = row
    return Provider(r.name, r.area, r.address, r.supervisor, r.provider_id)  # type: ignore[attr-defined]


def _opportunity(r: object) -> tuple[Opportunity, int]:
    opp = Opportunity(
        r.provider_id,  # type: ignore[attr-defined]
        r.role_title,  # type: ignore[attr-defined]
        r.capacity,  # type: ignore[attr-defined]
        r.hours_per_week,  # type: ignore[attr-defined]
        DisclosureLevel(r.disclosure_level),  # type: ignore[attr-defined]
        r.is_open,  # type: ignore[attr-defined]
        r.opportunity_id,  # type: ignore[attr-defined]
    )
    return opp, r.active_placements  # type: ignore[attr-defined]


class CatalogueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_provider(self, p: Provider) -> None:
        await self.session.execute(
            insert(providers).values(
                provider_id=p.provider_id,
                name=p.name,
                area=p.area,
                address=p.address,
                supervisor=p.supervisor,
                created_at=clock.now(),
            )
        )

    async def _one(self, table: Table, key: str, value: UUID, missing: NotFound) -> Any:
        """The row of `table` whose `key` is `value`, or `missing` raised."""
        found = await self.session.execute(select(table).where(table.c[key] == value))
        row = found.one_or_none()
        if row is None:
            raise missing
        return row

    async def get_provider(self, provider_id: UUID) -> Provider:
        missing = NotFound(f"no provider {provider_id}", code="provider_not_found")
        return _provider(await self._one(providers, "provider_id", provider_id, missing))

    async def list_providers(
        self, area: str | None, limit: int, offset: int
    ) -> tuple[list[Provider], int]:
        query = select(providers)
        if area:
            query = query.where(func.lower(providers.c.area) == area.strip().lower())
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self.session.execute(
            query.order_by(providers.c.name, providers.c.provider_id).limit(limit).offset(offset)
        )
        return [_provider(r) for r in rows], int(total or 0)

    async def add_opportunity(self, o: Opportunity) -> None:
        await self.session.execute(
            insert(opportunities).values(
                opportunity_id=o.opportunity_id,
                provider_id=o.provider_id,
                role_title=o.role_title,
                capacity=o.capacity,
                hours_per_week=o.hours_per_week,
                disclosure_level=o.disclosure_level.value,
                is_open=o.is_open,
                active_placements=0,
                created_at=clock.now(),
            )
        )

    async def get_opportunity(self, opportunity_id: UUID) -> tuple[Opportunity, int]:
        """The opportunity and how many active placements it has."""
        missing = NotFound(f"no opportunity {opportunity_id}", code="opportunity_not_found")
        row = await self._one(opportunities, "opportunity_id", opportunity_id, missing)
        return _opportunity(row)

    async def list_opportunities(
        self, area: str | None, is_open: bool | None, limit: int, offset: int
    ) -> tuple[list[tuple[Opportunity, int, Provider]], int]:
        query = select(opportunities, providers).join(
            providers, providers.c.provider_id == opportunities.c.provider_id
        )
        if area:
            query = query.where(func.lower(providers.c.area) == area.strip().lower())
        if is_open is not None:
            query = query.where(opportunities.c.is_open.is_(is_open))
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        order = (providers.c.area, opportunities.c.role_title, opportunities.c.opportunity_id)
        rows = await self.session.execute(query.order_by(*order).limit(limit).offset(offset))
        return [(*_opportunity(r), _provider(r)) for r in rows], int(total or 0)

    async def set_open(self, opportunity_id: UUID, is_open: bool) -> None:
        await self.session.execute(
            update(opportunities)
            .where(opportunities.c.opportunity_id == opportunity_id)
            .values(is_open=is_open)
        )

    async def take_place(self, opportunity_id: UUID) -> bool:
        """Take one place if one is free, atomically (False: full, nothing changed)."""
        result = await self.session.execute(
            update(opportunities)
            .where(
                opportunities.c.opportunity_id == opportunity_id,
                opportunities.c.active_placements < opportunities.c.capacity,
            )
            .values(active_placements=opportunities.c.active_placements + 1)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def free_place(self, opportunity_id: UUID) -> None:
        await self.session.execute(
            update(opportunities)
            .where(
                opportunities.c.opportunity_id == opportunity_id,
                opportunities.c.active_placements > 0,
            )
            .values(active_placements=opportunities.c.active_placements - 1)
        )
