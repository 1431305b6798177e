"""Mentoring's caseload check: a person's prison is the one intake's custody events last
named (the kit's `person_prisons`), else the one mentoring recorded; a mentor or a match
points to its person (a match to its mentee), a cohort or a matching run to its prison."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import cohorts, matches, mentees, mentors, people
from pathways.messaging.person_prisons import prison_of
from pathways.platform.caseload import CaseloadPolicy, Located, as_uuid
from pathways.platform.caseload_lookups import by_person, named_prison

Lookup = Callable[[AsyncSession, str], Awaitable[Located | None]]


async def _row(session: AsyncSession, table: Table, key: str, value: UUID) -> Any:
    return (await session.execute(select(table).where(table.c[key] == value))).first()


async def located_person(session: AsyncSession, person_id: UUID) -> Located | None:
    prison = await prison_of(session, person_id)
    for table in (people, mentees):
        row = await _row(session, table, "person_id", person_id)
        if row is not None:
            return Located(str(person_id), prison or row.prison_code)
    return Located(str(person_id), prison) if prison else None


def _points_to_person(table: Table, key: str, person: str) -> Lookup:
    """The prison of the person a row points to (its column `person`), found by `key`; the
    row's own `prison_code` when that person is not located otherwise."""

    async def lookup(session: AsyncSession, value: str) -> Located | None:
        row_id = as_uuid(value)
        row = row_id and await _row(session, table, key, row_id)
        if not row:
            return None
        person_id = getattr(row, person)
        found = await located_person(session, person_id)
        return found or Located(str(person_id), row.prison_code)

    return lookup


mentor_prison = _points_to_person(mentors, "mentor_id", "person_id")
match_prison = _points_to_person(matches, "match_id", "mentee_person_id")  # its mentee


async def cohort_prison(session: AsyncSession, value: str) -> Located | None:
    cohort_id = as_uuid(value)
    row = cohort_id and await _row(session, cohorts, "cohort_id", cohort_id)
    return Located(None, row.prison_code) if row else None


person_prison = by_person(located_person)
POLICY = CaseloadPolicy(
    "mentoring",
    {
        "person_id": person_prison,
        "mentee_person_id": person_prison,
        "first_person_id": person_prison,
        "second_person_id": person_prison,
        "mentor_id": mentor_prison,
        "match_id": match_prison,
        "cohort_id": cohort_prison,
        "prison_code": named_prison,
    },
)
