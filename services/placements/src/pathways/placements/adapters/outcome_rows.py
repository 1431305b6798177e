"""Outcome records: one row per person, release and week mark (unique in the database)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.placements.adapters.orm import outcomes
from pathways.placements.domain import OutcomeLog, OutcomeRecord, OutcomeStatus, WeekMark
from pathways.platform.errors import Conflict


def _key(released_at: datetime) -> str:
    return released_at.astimezone(UTC).isoformat()


def _record(row: object) -> OutcomeRecord:
    r = row
    return OutcomeRecord(
        r.person_id,  # type: ignore[attr-defined]
        datetime.fromisoformat(r.released_at),  # type: ignore[attr-defined]
        WeekMark(r.weeks_after_release),  # type: ignore[attr-defined]
        OutcomeStatus(r.status),  # type: ignore[attr-defined]
        r.recorded_on,  # type: ignore[attr-defined]
        r.recorded_by,  # type: ignore[attr-defined]
    )


class OutcomeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def log_for(self, person_id: UUID) -> OutcomeLog:
        rows = await self.session.execute(select(outcomes).where(outcomes.c.person_id == person_id))
        return OutcomeLog(person_id, [_record(r) for r in rows])

    async def add(self, record: OutcomeRecord) -> None:
        try:
            await self.session.execute(
                insert(outcomes).values(
                    outcome_id=uuid.uuid4(),
                    person_id=record.person_id,
                    released_at=_key(record.released_at),
                    weeks_after_release=int(record.weeks_after_release),
                    status=record.status.value,
                    recorded_on=record.recorded_on,
                    recorded_by=record.recorded_by,
                )
            )
        except IntegrityError:  # recorded concurrently
            raise Conflict(
                "this outcome was recorded at the same time by someone else",
                code="outcome_already_recorded",
            ) from None

    async def recorded_for(self, person_ids: Iterable[UUID]) -> list[OutcomeRecord]:
        ids, found = list(person_ids), []
        for start in range(0, len(ids), 500):
            rows = await self.session.execute(
                select(outcomes).where(outcomes.c.person_id.in_(ids[start : start + 500]))
            )
            found.extend(_record(r) for r in rows)
        return found
