"""A consumer batch's mentors and open matches, staged in memory (set-based): the mentor
records and the open matches (as mentee or mentor) of everyone the batch names, one query
each; the handlers' saves are written with one UPDATE per table. Matching runs, deferred to
the commit, come after the batch is written and read the database as usual."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from pathways.mentoring.adapters.matches import OPEN, MatchRepository
from pathways.mentoring.adapters.orm import matches, mentors
from pathways.mentoring.adapters.repository import MentorRepository, mentor_values
from pathways.mentoring.domain import Match, Mentor
from pathways.messaging.staged import StagedRows
from pathways.platform.statements import ids, ids_param, rows_in

_NAMED = ids_param()
_OPEN_NAMING = select(matches).where(  # the open matches naming any of the people
    matches.c.status.in_(OPEN),
    or_(matches.c.mentee_person_id.in_(_NAMED), matches.c.mentor_person_id.in_(_NAMED)),
)


class BatchMentors:
    def __init__(self, base: MentorRepository) -> None:
        self.base, self.session = base, base.session
        self.staged = StagedRows(base.session, mentors, "mentor_id", base._versions)
        self._of: dict[UUID, list[Mentor]] = {}

    async def load(self, person_ids: Collection[UUID]) -> None:
        self.staged.begin()
        self._of = {person_id: [] for person_id in person_ids}
        for row in await self.session.execute(rows_in(mentors, "person_id"), ids(person_ids)):
            self._of[row.person_id].append(self._keep(row))

    def _keep(self, row: Any) -> Mentor:
        mentor = self.base._load(row)
        self.staged.loaded(row.mentor_id, row.version, mentor)
        return mentor

    async def for_person(self, person_id: UUID) -> list[Mentor]:
        if person_id not in self._of:
            rows = await self.session.execute(
                select(mentors).where(mentors.c.person_id == person_id)
            )
            self._of[person_id] = [self._keep(row) for row in rows]
        return list(self._of[person_id])

    async def save(self, mentor: Mentor) -> None:
        values = mentor_values(mentor)
        self.staged.save(mentor.mentor_id, values, on_insert={"created_at": values["updated_at"]})

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


class BatchMatches:
    def __init__(self, base: MatchRepository) -> None:
        self.base, self.session = base, base.session
        self.staged = StagedRows(base.session, matches, "match_id", base._versions)
        self._loaded_for: set[UUID] = set()
        # person -> ids of the staged matches naming them (in staging order): a lookup, not
        # a scan of every staged match for each person (that grew with the batch squared)
        self._naming: dict[UUID, dict[UUID, None]] = {}

    async def load(self, person_ids: Collection[UUID]) -> set[UUID]:
        """The open matches of these people; returns everyone on either side of them."""
        self.staged.begin()
        self._loaded_for, self._naming = set(), {}
        return await self._load(person_ids)

    def _index(self, match: Match) -> None:
        for person_id in (match.mentee_person_id, match.mentor_person_id):
            self._naming.setdefault(person_id, {})[match.match_id] = None

    async def _load(self, person_ids: Collection[UUID]) -> set[UUID]:
        wanted = sorted(set(person_ids) - self._loaded_for)
        self._loaded_for.update(wanted)
        sides: set[UUID] = set()
        if not wanted:
            return sides
        for row in await self.session.execute(_OPEN_NAMING, ids(wanted)):
            if not self.staged.has(row.match_id):  # the batch's own copy wins
                match = self.base._load(row)
                self.staged.loaded(row.match_id, row.version, match)
                self._index(match)
            sides.update((row.mentee_person_id, row.mentor_person_id))
        return sides

    async def open_for_person(self, person_id: UUID) -> list[Match]:
        """Open matches in which the person is mentee or mentor (as the batch left them)."""
        await self._load([person_id])
        staged = self.staged.aggregates
        found = (staged.get(i) for i in self._naming.get(person_id, ()))
        return [m for m in found if m is not None and m.is_open]

    async def save(self, match: Match) -> None:
        values = MatchRepository._values(match)
        del values["match_id"]
        self.staged.save(match.match_id, values, aggregate=match)
        self._index(match)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)
