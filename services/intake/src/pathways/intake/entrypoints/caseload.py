"""Intake's caseload check: a person's prison is the one intake records (where they are in
custody, or were released from); a reception or a list names its prison itself."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import people
from pathways.platform.caseload import CaseloadPolicy, Located, as_uuid


async def person_prison(session: AsyncSession, value: str) -> Located | None:
    person_id = as_uuid(value)
    if person_id is None:
        return None
    prison = await session.scalar(
        select(people.c.prison_code).where(people.c.person_id == person_id)
    )
    return None if prison is None else Located(str(person_id), prison)


async def named_prison(_: AsyncSession, value: str) -> Located | None:
    """`prison_code` of a reception (body) or a list (query): that prison itself."""
    return Located(None, value.strip().upper())


POLICY = CaseloadPolicy("intake", {"person_id": person_prison, "prison_code": named_prison})
