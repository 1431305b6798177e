"""Community treatment storage: providers (reference data) and handovers (one row each)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import treatment_handovers as handovers
from pathways.intake.adapters.orm import treatment_providers as providers
from pathways.intake.domain.treatment import (
    HandoverStatus,
    TreatmentHandover,
    TreatmentOutcome,
    TreatmentProvider,
    of_period,
)
from pathways.platform import clock
from pathways.platform.checks import as_utc
from pathways.platform.statements import ids, rows_in


def area_key(area: str) -> str:
    """Areas are matched without regard to case or surrounding spaces."""
    return " ".join(area.split()).casefold()


def _provider(row: Any) -> TreatmentProvider:
    return TreatmentProvider(row.provider_code, row.name, row.local_authority, row.active)


def _handover(row: Any) -> TreatmentHandover:
    return TreatmentHandover(
        handover_id=row.handover_id,
        person_id=row.person_id,
        period_started_at=as_utc(row.period_started_at),
        prison_code=row.prison_code,
        provider_code=row.provider_code,
        referred_on=row.referred_on,
        appointment_on=row.appointment_on,
        status=HandoverStatus(row.status),
        outcome=TreatmentOutcome(row.outcome) if row.outcome else None,
        outcome_on=row.outcome_on,
        attended_on=row.attended_on,
    )


class TreatmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._known: set[uuid.UUID] = set()

    # ---- providers -------------------------------------------------------------------------

    async def providers(self, area: str | None = None) -> list[TreatmentProvider]:
        statement = select(providers).order_by(providers.c.local_authority, providers.c.name)
        if area is not None:
            statement = statement.where(providers.c.local_authority_key == area_key(area))
        return [_provider(r) for r in (await self.session.execute(statement)).all()]

    async def provider(self, code: str) -> TreatmentProvider | None:
        statement = select(providers).where(providers.c.provider_code == code)
        row = (await self.session.execute(statement)).first()
        return _provider(row) if row else None

    async def save_provider(self, provider: TreatmentProvider) -> bool:
        """Insert or replace; True when it was new."""
        values = {
            "name": provider.name,
            "local_authority": provider.local_authority,
            "local_authority_key": area_key(provider.local_authority),
            "active": provider.active,
            "updated_at": clock.now(),
        }
        result = await self.session.execute(
            update(providers)
            .where(providers.c.provider_code == provider.provider_code)
            .values(**values)
        )
        if result.rowcount:
            return False
        await self.session.execute(
            insert(providers).values(provider_code=provider.provider_code, **values)
        )
        return True

    # ---- handovers -------------------------------------------------------------------------

    async def handovers_of(self, person_id: uuid.UUID) -> list[TreatmentHandover]:
        statement = (
            select(handovers)
            .where(handovers.c.person_id == person_id)
            .order_by(handovers.c.period_started_at.desc())
        )
        return self._track(_handover(r) for r in (await self.session.execute(statement)).all())

    async def for_period(
        self, person_id: uuid.UUID, started_at: datetime
    ) -> TreatmentHandover | None:
        return of_period(await self.handovers_of(person_id), started_at)

    async def of_people(self, person_ids: Iterable[uuid.UUID]) -> list[TreatmentHandover]:
        wanted = list(person_ids)
        if not wanted:
            return []
        rows = await self.session.execute(rows_in(handovers, "person_id"), ids(wanted))
        return self._track(_handover(r) for r in rows.all())

    async def in_prison(self, prison_code: str, since: date) -> list[TreatmentHandover]:
        statement = select(handovers).where(
            and_(handovers.c.prison_code == prison_code, handovers.c.referred_on >= since)
        )
        return self._track(_handover(r) for r in (await self.session.execute(statement)).all())

    async def save(self, handover: TreatmentHandover) -> None:
        values = {
            "person_id": handover.person_id,
            "period_started_at": handover.period_started_at.astimezone(UTC),
            "prison_code": handover.prison_code,
            "provider_code": handover.provider_code,
            "referred_on": handover.referred_on,
            "appointment_on": handover.appointment_on,
            "status": handover.status.value,
            "outcome": handover.outcome.value if handover.outcome else None,
            "outcome_on": handover.outcome_on,
            "attended_on": handover.attended_on,
            "updated_at": clock.now(),
        }
        if handover.handover_id in self._known:
            await self.session.execute(
                update(handovers)
                .where(handovers.c.handover_id == handover.handover_id)
                .values(**values)
            )
        else:
            await self.session.execute(
                insert(handovers).values(handover_id=handover.handover_id, **values)
            )
            self._known.add(handover.handover_id)

    def _track(self, found: Iterable[TreatmentHandover]) -> list[TreatmentHandover]:
        out = list(found)
        self._known.update(h.handover_id for h in out)
        return out
