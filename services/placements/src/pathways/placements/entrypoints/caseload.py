"""Placements' caseload check: a person's prison is the one intake's custody events last
named (the kit's `person_prisons`, else placements' own record of the person); a referral
or a placement points to its person. Providers and opportunities are not personal data."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.person_prisons import prison_of
from pathways.placements.adapters.orm import people, placements, referrals
from pathways.platform.caseload import CaseloadPolicy, Located
from pathways.platform.caseload_lookups import by_person, via


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    """None for a person placements has never heard of (the route says so itself)."""
    prison = await prison_of(session, person_id)
    if prison is not None:
        return Located(str(person_id), prison)
    state = await session.scalar(select(people.c.state).where(people.c.person_id == person_id))
    return None if state is None else Located(str(person_id), state.get("prison_code"))


POLICY = CaseloadPolicy(
    "placements",
    {
        "person_id": by_person(located_person),
        "referral_id": via(referrals.c.referral_id, located_person),
        "placement_id": via(placements.c.placement_id, located_person),
    },
)
