"""What intake holds about a person, for a subject access request: the person record
(custody, screening, release plan) with its absences, referrals (consents) and assessments
in the period asked (the kit adds the audit). Found by intake's own prison number column;
wired in app.py, where the movement feed's audit actor is named."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import people
from pathways.platform.subject_access import (
    Holding,
    SubjectQuery,
    flattened,
    records,
)


async def find(session: AsyncSession, prn: str) -> list[UUID]:
    rows = await session.scalars(select(people.c.person_id).where(people.c.prison_number == prn))
    return list(rows)


def _person(row: dict[str, Any], query: SubjectQuery) -> dict[str, Any]:
    person = flattened(row)
    person["absences"] = query.keep(person.get("absences", []), "starts_at")
    person["referrals"] = query.keep(person.get("referrals", []), "referred_on")
    person["assessments"] = query.keep(person.get("assessments", []), "assessed_on")
    return person


async def collect(session: AsyncSession, query: SubjectQuery) -> Holding:
    rows = await records(session, select(people).where(people.c.person_id.in_(query.person_ids)))
    return Holding(
        {
            "people": [_person(row, query) for row in rows],
        }
    )
