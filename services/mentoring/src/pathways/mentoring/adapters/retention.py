"""Mentoring forgets a person when intake erases them (issue 15): their mentee and mentor
records, custody facts, non-associations, and every match they were in (as mentee or as
mentor) with its sessions — a match is personal data of both people in it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, or_, select

from pathways.mentoring.adapters.orm import matches, mentees, mentors, non_associations, people
from pathways.mentoring.adapters.orm import sessions as match_sessions
from pathways.messaging.forgetting import delete_rows_of
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.retention import RetentionRules


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    ids = list(person_ids)
    theirs = or_(matches.c.mentor_person_id.in_(ids), matches.c.mentee_person_id.in_(ids))
    their_matches = select(matches.c.match_id).where(theirs).scalar_subquery()
    session = uow.session
    gone = await session.execute(
        delete(match_sessions).where(match_sessions.c.match_id.in_(their_matches))
    )
    counts = {"sessions": gone.rowcount or 0}
    counts["matches"] = (await session.execute(delete(matches).where(theirs))).rowcount or 0
    counts.update(
        await delete_rows_of(
            session,
            (
                mentors.c.person_id,
                mentees.c.person_id,
                people.c.person_id,
                non_associations.c.first_person_id,
                non_associations.c.second_person_id,
            ),
            ids,
        )
    )
    return counts


RULES = RetentionRules(forget=forget)
