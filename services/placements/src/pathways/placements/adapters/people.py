"""PersonState rows: what placements knows about each person."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.staged import StagedRows
from pathways.placements.adapters.orm import people
from pathways.placements.adapters.serialize import person_from_json, person_to_json
from pathways.placements.domain import PersonState
from pathways.platform import clock
from pathways.platform.statements import ids, locking, rows_in
from pathways.platform.versioned import VersionedRepository


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.rows: VersionedRepository[Any] = VersionedRepository(
            session, people, "person_id", "person"
        )
        self.staged = StagedRows(session, people, "person_id", self.rows)

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: everyone it names in one query (locked on PostgreSQL);
        reads and saves stay in memory until `write_staged`."""
        self.staged.begin()
        query = rows_in(people, "person_id", order="person_id", locked=locking(self.session))
        rows = await self.session.execute(query, ids(person_ids))
        for row in rows:
            self.rows.loaded(row.person_id, row.version)
            self.staged.loaded(
                row.person_id, row.version, person_from_json(row.person_id, row.state)
            )
        for person_id in person_ids:
            self.staged.absent(person_id)

    async def write_staged(self) -> None:
        """One INSERT of the new people, one UPDATE of the changed ones."""
        await self.staged.write()

    async def get(self, person_id: UUID) -> PersonState | None:
        if self.staged.has(person_id):
            return self.staged.aggregates[person_id]
        row = (
            await self.session.execute(select(people).where(people.c.person_id == person_id))
        ).one_or_none()
        if row is None:
            if self.staged.active:
                self.staged.absent(person_id)
            return None
        self.rows.loaded(person_id, row.version)
        person = person_from_json(person_id, row.state)
        if self.staged.active:
            self.staged.loaded(person_id, row.version, person)
        return person

    async def get_or_new(self, person_id: UUID) -> PersonState:
        """The stored state, or a fresh one (in custody, nothing known) to be saved."""
        return await self.get(person_id) or PersonState(person_id)

    async def save(self, person: PersonState) -> None:
        released_at = person.release.released_at.astimezone(UTC) if person.release else None
        values = {
            "is_qualified": person.is_qualified,
            "status": person.status.value,
            "released_at": released_at,
            "state": person_to_json(person),
            "updated_at": clock.now(),
        }
        if self.staged.active:
            self.staged.save(person.person_id, values, aggregate=person)
        else:
            await self.rows.save(person.person_id, values)

    async def qualified_released_before(self, moment: datetime) -> list[PersonState]:
        """Qualified mentors whose latest release was at or before `moment`."""
        rows = await self.session.execute(
            select(people.c.person_id, people.c.state)
            .where(
                people.c.is_qualified.is_(True),
                people.c.released_at.is_not(None),
                people.c.released_at <= moment.astimezone(UTC),
            )
            .order_by(people.c.released_at, people.c.person_id)
        )
        return [person_from_json(row.person_id, row.state) for row in rows]
