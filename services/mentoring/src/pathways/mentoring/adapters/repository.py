"""Loading and saving mentors and mentees (optimistic concurrency on `version`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import mentees, mentors
from pathways.mentoring.adapters.serialization import (
    mentee_from_row,
    mentee_state,
    mentor_from_row,
    mentor_state,
)
from pathways.mentoring.domain import Mentee, MenteeStatus, Mentor, MentorStatus
from pathways.mentoring.domain.mentee import referred
from pathways.mentoring.domain.searches import MentorSearch
from pathways.platform import clock
from pathways.platform.versioned import ConcurrentChange, VersionedRepository

Page = tuple[list, int]


def mentor_values(mentor: Mentor) -> dict[str, Any]:
    return {
        "person_id": mentor.person_id,
        "prison_code": mentor.prison_code,
        "status": mentor.status.value,
        "state": mentor_state(mentor),
        "updated_at": clock.now(),
    }


def mentee_values(mentee: Mentee) -> dict[str, Any]:
    return {
        "prison_code": mentee.prison_code,
        "status": mentee.status.value,
        "referred_at": mentee.referred_at,
        "state": mentee_state(mentee),
        "updated_at": clock.now(),
    }


# Every matching run asks these (built once, run with parameters).
_IN_PRISON = (
    select(mentors)
    .where(mentors.c.prison_code == bindparam("prison"))
    .order_by(mentors.c.mentor_id)
)
_IN_PRISON_WITH_STATUS = _IN_PRISON.where(mentors.c.status == bindparam("status"))
_WAITING = (
    select(mentees)
    .where(
        mentees.c.status == MenteeStatus.WAITING.value,
        mentees.c.prison_code == bindparam("prison"),
    )
    .order_by(mentees.c.referred_at, mentees.c.person_id)
)


class MentorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._versions: VersionedRepository[Mentor] = VersionedRepository(
            session, mentors, "mentor_id", "mentor"
        )

    async def get(self, mentor_id: UUID) -> Mentor:
        return self._load(await self._versions.row(mentor_id))

    async def for_person(self, person_id: UUID) -> list[Mentor]:
        """Every mentor record of a person (one current at most, earlier ones left)."""
        rows = await self.session.execute(select(mentors).where(mentors.c.person_id == person_id))
        return [self._load(row) for row in rows]

    async def in_prison(self, prison_code: str, status: MentorStatus | None = None) -> list[Mentor]:
        if status is None:
            rows = await self.session.execute(_IN_PRISON, {"prison": prison_code})
        else:
            values = {"prison": prison_code, "status": status.value}
            rows = await self.session.execute(_IN_PRISON_WITH_STATUS, values)
        return [self._load(row) for row in rows]

    async def search(
        self, where: MentorSearch, limit: int, offset: int
    ) -> tuple[list[Mentor], int]:
        prisons = where.prisons
        conditions = [] if prisons is None else [mentors.c.prison_code.in_(prisons)]
        if where.prison_code:
            conditions.append(mentors.c.prison_code == where.prison_code)
        if where.status:
            conditions.append(mentors.c.status == where.status)
        total = await self.session.scalar(
            select(func.count()).select_from(mentors).where(*conditions)
        )
        rows = await self.session.execute(
            select(mentors)
            .where(*conditions)
            .order_by(mentors.c.created_at, mentors.c.mentor_id)
            .limit(limit)
            .offset(offset)
        )
        return [self._load(row) for row in rows], int(total or 0)

    async def save(self, mentor: Mentor) -> None:
        values = mentor_values(mentor)
        on_insert = {"created_at": values["updated_at"]}
        await self._versions.save(mentor.mentor_id, values, on_insert=on_insert)

    def _load(self, row: Any) -> Mentor:
        self._versions.loaded(row.mentor_id, row.version)
        return mentor_from_row(row)


class MenteeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._versions: VersionedRepository[Mentee] = VersionedRepository(
            session, mentees, "person_id", "mentee"
        )

    async def find(self, person_id: UUID) -> Mentee | None:
        row = (
            await self.session.execute(select(mentees).where(mentees.c.person_id == person_id))
        ).first()
        return self._load(row) if row is not None else None

    async def get(self, person_id: UUID) -> Mentee:
        return referred(await self.find(person_id), person_id)

    async def waiting(
        self, prison_code: str | None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[Mentee], int]:
        """Waiting mentees, oldest referral first (prison None: those whose prison is unknown)."""
        if prison_code and limit is None and not offset:  # a matching run's whole list
            rows = await self.session.execute(_WAITING, {"prison": prison_code})
            found = [self._load(row) for row in rows]
            return found, len(found)
        where = [
            mentees.c.status == MenteeStatus.WAITING.value,
            mentees.c.prison_code == prison_code
            if prison_code
            else mentees.c.prison_code.is_(None),
        ]
        total = await self.session.scalar(select(func.count()).select_from(mentees).where(*where))
        statement = (
            select(mentees)
            .where(*where)
            .order_by(mentees.c.referred_at, mentees.c.person_id)
            .offset(offset)
        )
        if limit is not None:
            statement = statement.limit(limit)
        rows = await self.session.execute(statement)
        return [self._load(row) for row in rows], int(total or 0)

    async def save(self, mentee: Mentee) -> None:
        await self._versions.save(mentee.person_id, mentee_values(mentee))

    async def mark_matched(self, person_ids: Sequence[UUID]) -> None:
        """Waiting -> matched for many at once; Conflict unless every one was still waiting."""
        if not person_ids:
            return
        result = await self.session.execute(
            update(mentees)
            .where(
                mentees.c.person_id.in_(person_ids), mentees.c.status == MenteeStatus.WAITING.value
            )
            .values(
                status=MenteeStatus.MATCHED.value,
                version=mentees.c.version + 1,
                updated_at=clock.now(),
            )
        )
        if result.rowcount != len(person_ids):
            raise ConcurrentChange(
                "the waiting list", "the waiting list changed during the matching run; try again"
            )
        self._versions.bumped(person_ids)

    def _load(self, row: Any) -> Mentee:
        self._versions.loaded(row.person_id, row.version)
        return mentee_from_row(row)
