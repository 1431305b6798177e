"""Family's caseload check: a person's prison is the one intake's custody events last named
(the kit's `person_prisons`); a case or a task points to its person."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters.orm import family_cases, followup_tasks, known_people
from pathways.messaging.person_prisons import prison_of
from pathways.platform.caseload import CaseloadPolicy, Located, as_uuid


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    """None for a person family has never heard of (the route says so itself)."""
    prison = await prison_of(session, person_id)
    if prison is None:
        known = await session.scalar(
            select(known_people.c.person_id).where(known_people.c.person_id == person_id)
        )
        return Located(str(person_id), None) if known else None
    return Located(str(person_id), prison)


async def _person_of(session: AsyncSession, key: Column, value: str) -> Located | None:
    record_id = as_uuid(value)
    if record_id is None:
        return None
    person_id = await session.scalar(select(key.table.c.person_id).where(key == record_id))
    return None if person_id is None else await located_person(session, person_id)


async def person_prison(session: AsyncSession, value: str) -> Located | None:
    person_id = as_uuid(value)
    return None if person_id is None else await located_person(session, person_id)


async def case_prison(session: AsyncSession, value: str) -> Located | None:
    return await _person_of(session, family_cases.c.case_id, value)


async def task_prison(session: AsyncSession, value: str) -> Located | None:
    return await _person_of(session, followup_tasks.c.task_id, value)


POLICY = CaseloadPolicy(
    "family", {"person_id": person_prison, "case_id": case_prison, "task_id": task_prison}
)
