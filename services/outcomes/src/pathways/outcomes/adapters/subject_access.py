"""What the outcomes read model holds about a person, for a subject access request: the
facts kept about them (every public event naming them, the mentee for match and session
events) in the period asked, the other person of a match blanked, and the audit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.outcomes.adapters.orm import facts
from pathways.platform.subject_access import (
    Holding,
    SubjectAccess,
    SubjectQuery,
    records,
)


def _others(data: dict, subject: set[str]) -> set[str]:
    """The other person of a match fact: its mentor (and mentor id) or its mentee."""
    found = set()
    mentor, mentee = data.get("mentor_person_id"), data.get("mentee_person_id")
    if mentor is not None and str(mentor) not in subject:
        found |= {str(mentor), str(data.get("mentor_id"))}
    if mentee is not None and str(mentee) not in subject:
        found.add(str(mentee))
    return found


async def collect(session: AsyncSession, query: SubjectQuery) -> Holding:
    found = await records(
        session,
        select(facts).where(facts.c.person_id.in_(query.ids)).order_by(facts.c.occurred_at),
    )
    subject = set(query.ids)
    others = {other for fact in found for other in _others(fact["data"], subject)}
    sections = {
        "facts": query.keep(found, "occurred_at"),
    }
    return Holding(sections, others)


ACCESS = SubjectAccess(collect, staff="reporting team staff")
