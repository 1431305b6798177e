"""What mentoring holds about a person, for a subject access request: their mentee and
custody records, their mentor record (training, qualification), their matches either way
with the sessions logged, and non-associations — the other person of a match or a
non-association blanked — and the audit. Session notes are given for the person's own
mentoring (as mentee); as mentor, only when and how long (the notes are about the mentee)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import matches as match_rows
from pathways.mentoring.adapters.orm import mentees, mentors, non_associations, people, sessions
from pathways.platform.redaction import ANOTHER_PERSON
from pathways.platform.subject_access import (
    Holding,
    SubjectAccess,
    SubjectQuery,
    flattened,
    records,
)


async def _matches(session: AsyncSession, query: SubjectQuery, others: set[str]) -> list[dict]:
    ids = query.person_ids
    found = await records(
        session,
        select(match_rows)
        .where(or_(match_rows.c.mentee_person_id.in_(ids), match_rows.c.mentor_person_id.in_(ids)))
        .order_by(match_rows.c.proposed_at),
    )
    kept = []
    for match in query.keep(found, "proposed_at"):
        as_mentee = match["mentee_person_id"] in ids
        others.update(
            {str(match["mentor_person_id"]), str(match["mentor_id"])}
            if as_mentee
            else {str(match["mentee_person_id"])}
        )
        logged = await records(
            session, select(sessions).where(sessions.c.match_id == match["match_id"])
        )
        if not as_mentee:
            logged = [{k: v for k, v in s.items() if k != "notes"} for s in logged]
        role = "mentee" if as_mentee else "mentor"
        kept.append({**flattened(match), "as": role, "sessions": query.keep(logged, "held_on")})
    return kept


async def _non_associations(
    session: AsyncSession, query: SubjectQuery, others: set[str]
) -> list[dict[str, Any]]:
    ids = query.person_ids
    found = await records(
        session,
        select(non_associations).where(
            or_(
                non_associations.c.first_person_id.in_(ids),
                non_associations.c.second_person_id.in_(ids),
            )
        ),
    )
    for pair in found:
        others.update({str(pair["first_person_id"]), str(pair["second_person_id"])})
    kept = [{"recorded_at": p["recorded_at"], "recorded_by": p["recorded_by"]} for p in found]
    return query.keep([{**k, "with": ANOTHER_PERSON} for k in kept], "recorded_at")


async def collect(session: AsyncSession, query: SubjectQuery) -> Holding:
    ids, others = query.person_ids, set[str]()
    sections = {
        "custody": [
            flattened(r)
            for r in await records(session, select(people).where(people.c.person_id.in_(ids)))
        ],
        "mentee": [
            flattened(r)
            for r in await records(session, select(mentees).where(mentees.c.person_id.in_(ids)))
        ],
        "mentor": [
            flattened(r)
            for r in await records(session, select(mentors).where(mentors.c.person_id.in_(ids)))
        ],
        "matches": await _matches(session, query, others),
        "non_associations": await _non_associations(session, query, others),
    }
    return Holding(sections, others)


ACCESS = SubjectAccess(collect, staff="mentoring team staff")
