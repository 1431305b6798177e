"""Family's caseload check: a person's prison is the one intake's custody events last named
(the kit's `person_prisons`); a case or a task points to its person."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters.orm import family_cases, followup_tasks, known_people
from pathways.messaging.person_prisons import prison_of
from pathways.platform.caseload import CaseloadPolicy, Located
from pathways.platform.caseload_lookups import by_person, via


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    """None for a person family has never heard of (the route says so itself)."""
    prison = await prison_of(session, person_id)
    if prison is None:
        known = await session.scalar(
            select(known_people.c.person_id).where(known_people.c.person_id == person_id)
        )
        return Located(str(person_id), None) if known else None
    return Located(str(person_id), prison)


POLICY = CaseloadPolicy(
    "family",
    {
        "person_id": by_person(located_person),
        "case_id": via(family_cases.c.case_id, located_person),
        "task_id": via(followup_tasks.c.task_id, located_person),
    },
)
