"""What placements holds about a person, for a subject access request: what it knows of
them (custody, qualification, risk assessment and disclosure check), their referrals with
offers, their placements (the provider and role by name, not its staff), the outcomes
recorded after release, and the audit — dated records kept when they fall in the period."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.placements.adapters.orm import (
    opportunities,
    outcomes,
    people,
    placements,
    providers,
    referrals,
)
from pathways.platform.subject_access import (
    Holding,
    SubjectAccess,
    SubjectQuery,
    flattened,
    records,
)


async def collect(session: AsyncSession, query: SubjectQuery) -> Holding:
    ids = query.person_ids
    known = await records(session, select(people).where(people.c.person_id.in_(ids)))
    opened = await records(
        session,
        select(referrals).where(referrals.c.person_id.in_(ids)).order_by(referrals.c.opened_on),
    )
    placed = await records(
        session,
        select(
            placements,
            providers.c.name.label("provider"),
            opportunities.c.role_title.label("role_title"),
        )
        .join(providers, providers.c.provider_id == placements.c.provider_id)
        .join(opportunities, opportunities.c.opportunity_id == placements.c.opportunity_id)
        .where(placements.c.person_id.in_(ids))
        .order_by(placements.c.starts_on),
    )
    recorded = await records(
        session,
        select(outcomes).where(outcomes.c.person_id.in_(ids)).order_by(outcomes.c.recorded_on),
    )
    sections = {
        "person": [flattened(row) for row in known],
        "referrals": query.keep([flattened(row) for row in opened], "opened_on"),
        "placements": query.keep([flattened(row) for row in placed], "starts_on"),
        "outcomes": query.keep(recorded, "recorded_on"),
    }
    return Holding(sections)


ACCESS = SubjectAccess(collect, staff="placements team staff")
