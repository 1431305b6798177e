"""Intake's caseload check: a person's prison is the one intake records (where they are in
custody, or were released from); a reception or a list names its prison itself."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import people
from pathways.platform.caseload import CaseloadPolicy, Located
from pathways.platform.caseload_lookups import by_person, named_prison


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    prison = await session.scalar(
        select(people.c.prison_code).where(people.c.person_id == person_id)
    )
    return None if prison is None else Located(str(person_id), prison)


POLICY = CaseloadPolicy(
    "intake", {"person_id": by_person(located_person), "prison_code": named_prison}
)
