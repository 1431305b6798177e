"""Placements' caseload check: a person's prison is the one intake's custody events last
named (the kit's `person_prisons`, else placements' own record of the person); a referral
or a placement points to its person. Providers and opportunities are not personal data."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.person_prisons import prison_of
from pathways.placements.adapters.orm import people, placements, referrals
from pathways.platform.caseload import CaseloadPolicy, Located, as_uuid


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    """None for a person placements has never heard of (the route says so itself)."""
    prison = await prison_of(session, person_id)
    if prison is not None:
        return Located(str(person_id), prison)
    state = await session.scalar(select(people.c.state).where(people.c.person_id == person_id))
    return None if state is None else Located(str(person_id), state.get("prison_code"))


async def _person_of(session: AsyncSession, key: Column, value: str) -> Located | None:
    record_id = as_uuid(value)
    if record_id is None:
        return None
    person_id = await session.scalar(select(key.table.c.person_id).where(key == record_id))
    return None if person_id is None else await located_person(session, person_id)


async def person_prison(session: AsyncSession, value: str) -> Located | None:
    person_id = as_uuid(value)
    return None if person_id is None else await located_person(session, person_id)


async def referral_prison(session: AsyncSession, value: str) -> Located | None:
    return await _person_of(session, referrals.c.referral_id, value)


async def placement_prison(session: AsyncSession, value: str) -> Located | None:
    return await _person_of(session, placements.c.placement_id, value)


POLICY = CaseloadPolicy(
    "placements",
    {"person_id": person_prison, "referral_id": referral_prison, "placement_id": placement_prison},
)
