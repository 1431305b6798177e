"""Training cohorts: a name, a prison and the day the six-week course began."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import cohorts
from pathways.mentoring.domain import TrainingCohort
from pathways.platform import clock
from pathways.platform.errors import NotFound


class CohortRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, cohort_id: UUID) -> TrainingCohort:
        found = await self.find(cohort_id)
        if found is None:
            raise NotFound(f"no cohort {cohort_id}", code="cohort_not_found")
        return found

    async def find(self, cohort_id: UUID) -> TrainingCohort | None:
        row = (
            await self.session.execute(select(cohorts).where(cohorts.c.cohort_id == cohort_id))
        ).first()
        if row is None:
            return None
        return TrainingCohort(row.cohort_id, row.name, row.starts_on, row.prison_code)

    async def add(self, cohort: TrainingCohort, created_by: str) -> None:
        await self.session.execute(
            insert(cohorts).values(
                cohort_id=cohort.cohort_id,
                name=cohort.name,
                prison_code=cohort.prison_code,
                starts_on=cohort.starts_on,
                created_by=created_by,
                created_at=clock.now(),
            )
        )
