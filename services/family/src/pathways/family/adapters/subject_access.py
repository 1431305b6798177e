"""What family holds about a person, for a subject access request: what intake told family
(consent to family work), the family case (members, agency contacts, consents, sharing,
safeguarding flags, restrictions, contacts with their notes: a subject access request is
the one way the notes leave the service), the follow-up plan and tasks, and the audit.
Dated entries are kept when they fall in the period asked; the case itself always shows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters.orm import family_cases, followup_plans, followup_tasks, known_people
from pathways.platform.subject_access import (
    Holding,
    SubjectAccess,
    SubjectQuery,
    flattened,
    records,
)

# Each dated list of a case's state and the field that dates its entries.
DATED = {
    "consents": "recorded_on",
    "sharing": "shared_on",
    "flags": "raised_on",
    "restrictions": "starts_on",
    "contacts": "on",
}


def _case(row: dict[str, Any], query: SubjectQuery) -> dict[str, Any]:
    case = flattened(row)
    for name, key in DATED.items():
        case[name] = query.keep(case.get(name, []), key)
    return case


async def collect(session: AsyncSession, query: SubjectQuery) -> Holding:
    ids = query.person_ids
    cases = await records(session, select(family_cases).where(family_cases.c.person_id.in_(ids)))
    plans = await records(
        session, select(followup_plans).where(followup_plans.c.person_id.in_(ids))
    )
    tasks = await records(
        session,
        select(followup_tasks)
        .where(followup_tasks.c.person_id.in_(ids))
        .order_by(followup_tasks.c.due_on),
    )
    known = await records(session, select(known_people).where(known_people.c.person_id.in_(ids)))
    for plan in plans:
        plan.pop("version", None)
    sections = {
        "known_person": known,
        "cases": [_case(row, query) for row in cases],
        "followup_plans": plans,
        "followup_tasks": query.keep(tasks, "due_on"),
    }
    return Holding(sections)


ACCESS = SubjectAccess(collect, staff="family team staff")
