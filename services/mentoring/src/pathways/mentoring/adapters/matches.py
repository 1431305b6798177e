"""Loading and saving matches and their sessions (notes stay in this table only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import matches, sessions
from pathways.mentoring.adapters.serialization import match_from_row, match_state
from pathways.mentoring.domain import (
    ENDED_BADLY,
    EndReason,
    Match,
    MatchStatus,
    Session,
    SessionKind,
)
from pathways.mentoring.domain.searches import MatchSearch
from pathways.platform import clock
from pathways.platform.statements import ids_param
from pathways.platform.versioned import ConcurrentChange, VersionedRepository

OPEN = (MatchStatus.PROPOSED.value, MatchStatus.ACTIVE.value)
#: Pairs the engine never proposes again: ended badly, or turned down by a coordinator.
NOT_AGAIN = tuple(r.value for r in (*ENDED_BADLY, EndReason.NOT_APPROVED))
_LOADS = (  # every matching run asks (built once: kit's platform/statements.py)
    select(matches.c.mentor_id, func.count())
    .where(matches.c.status.in_(OPEN), matches.c.mentor_id.in_(ids_param()))
    .group_by(matches.c.mentor_id)
)
_BARRED = select(matches.c.mentor_person_id, matches.c.mentee_person_id).where(
    matches.c.end_reason.in_(NOT_AGAIN), matches.c.mentee_person_id.in_(ids_param())
)


class MatchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._versions: VersionedRepository[Match] = VersionedRepository(
            session, matches, "match_id", "match"
        )

    async def get(self, match_id: UUID, *, with_sessions: bool = False) -> Match:
        match = self._load(await self._versions.row(match_id))
        if with_sessions:
            match.sessions.extend(await self.sessions_of(match_id))
        return match

    async def open_for_person(self, person_id: UUID) -> list[Match]:
        """Open matches in which the person is mentee or mentor."""
        rows = await self.session.execute(
            select(matches).where(
                matches.c.status.in_(OPEN),
                or_(
                    matches.c.mentee_person_id == person_id, matches.c.mentor_person_id == person_id
                ),
            )
        )
        return [self._load(row) for row in rows]

    async def open_for_mentor(self, mentor_id: UUID) -> list[Match]:
        rows = await self.session.execute(
            select(matches).where(matches.c.status.in_(OPEN), matches.c.mentor_id == mentor_id)
        )
        return [self._load(row) for row in rows]

    async def search(self, asked: MatchSearch, limit: int, offset: int) -> tuple[list[Match], int]:
        """The matches `asked` for, newest first."""
        where = []
        if (person_id := asked.person_id) is not None:
            where.append(
                or_(
                    matches.c.mentee_person_id == person_id, matches.c.mentor_person_id == person_id
                )
            )
        if asked.prison_code:
            where.append(matches.c.prison_code == asked.prison_code)
        if asked.status:
            where.append(matches.c.status == asked.status)
        total = await self.session.scalar(select(func.count()).select_from(matches).where(*where))
        rows = await self.session.execute(
            select(matches)
            .where(*where)
            .order_by(matches.c.proposed_at.desc(), matches.c.match_id)
            .limit(limit)
            .offset(offset)
        )
        return [self._load(row) for row in rows], int(total or 0)

    async def loads(self, mentor_ids: Iterable[UUID]) -> dict[UUID, int]:
        """Open matches per mentor (proposed ones hold a place too)."""
        ids = list(mentor_ids)
        if not ids:
            return {}
        rows = await self.session.execute(_LOADS, {"ids": ids})
        return {mentor_id: int(count) for mentor_id, count in rows}

    async def barred_pairs(self, mentee_ids: Iterable[UUID]) -> frozenset[frozenset[UUID]]:
        """Pairs involving these mentees that must not be proposed again."""
        ids = list(mentee_ids)
        if not ids:
            return frozenset()
        rows = await self.session.execute(_BARRED, {"ids": ids})
        return frozenset(frozenset(pair) for pair in rows)

    async def add_all(self, new: Sequence[Match]) -> None:
        if not new:
            return
        try:
            await self.session.execute(
                insert(matches), [self._values(m) | {"version": 1} for m in new]
            )
        except IntegrityError:
            raise ConcurrentChange(
                "a match", "a mentee in this run already has an open match; try again"
            ) from None
        for match in new:
            self._versions.loaded(match.match_id, 1)

    async def save(self, match: Match) -> None:
        values = self._values(match)
        del values["match_id"]
        await self._versions.update(match.match_id, values)

    async def add_session(self, session: Session, logged_by: str) -> None:
        await self.session.execute(
            insert(sessions).values(
                session_id=session.session_id,
                match_id=session.match_id,
                kind=session.kind.value,
                held_on=session.held_on,
                minutes=session.minutes,
                notes=session.notes,
                logged_by=logged_by,
                logged_at=clock.now(),
            )
        )

    async def sessions_of(self, match_id: UUID) -> list[Session]:
        rows = await self.session.execute(
            select(sessions)
            .where(sessions.c.match_id == match_id)
            .order_by(sessions.c.held_on, sessions.c.logged_at)
        )
        return [
            Session(r.session_id, r.match_id, SessionKind(r.kind), r.held_on, r.minutes, r.notes)
            for r in rows
        ]

    @staticmethod
    def _values(match: Match) -> dict[str, object]:
        return {
            "match_id": match.match_id,
            "mentor_id": match.mentor_id,
            "mentor_person_id": match.mentor_person_id,
            "mentee_person_id": match.mentee_person_id,
            "prison_code": match.prison_code,
            "status": match.status.value,
            "end_reason": match.end_reason.value if match.end_reason else None,
            "score": match.score,
            "state": match_state(match),
            "proposed_at": match.proposed_at,
        }

    def _load(self, row: Any) -> Match:
        self._versions.loaded(row.match_id, row.version)
        return match_from_row(row)
