"""Loading and saving Person aggregates, with optimistic concurrency on `people.version`."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import people
from pathways.intake.adapters.serialization import person_from_json, person_to_json
from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.person import Person
from pathways.intake.domain.person_query import PersonQuery
from pathways.platform import clock
from pathways.platform.errors import Conflict
from pathways.platform.versioned import VersionedRepository

__all__ = ["PersonQuery", "PersonRepository"]  # PersonQuery: still importable from here


class PersonRepository:
    """Tracks the version each person was loaded at; `save` refuses a concurrent change."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._rows: VersionedRepository[Person] = VersionedRepository(
            session, people, "person_id", "person"
        )

    async def get(self, person_id: uuid.UUID) -> Person:
        """The person, or NotFound."""
        return self._load(await self._rows.row(person_id))

    async def find_by_prison_number(self, prison_number: str) -> Person | None:
        """The person with this prison number, if known."""
        statement = select(people).where(people.c.prison_number == prison_number)
        row = (await self.session.execute(statement)).first()
        return self._load(row) if row is not None else None

    async def search(self, query: PersonQuery) -> tuple[list[Person], int]:
        """A page of people matching `query` (by prison number) and the total count."""
        conditions = []
        if query.prison_number:
            conditions.append(people.c.prison_number == query.prison_number)
        if query.prison_code:
            conditions.append(people.c.prison_code == query.prison_code)
        if query.status:
            conditions.append(people.c.status == query.status)
        if query.prisons is not None:
            conditions.append(people.c.prison_code.in_(query.prisons))
        total = await self.session.scalar(
            select(func.count()).select_from(people).where(*conditions)
        )
        statement = (
            select(people)
            .where(*conditions)
            .order_by(people.c.prison_number)
            .limit(query.limit)
            .offset(query.offset)
        )
        rows = (await self.session.execute(statement)).all()
        return [self._load(row) for row in rows], int(total or 0)

    async def released_from(self, prison_code: str) -> list[Person]:
        """The people whose latest release was from `prison_code`."""
        statement = select(people).where(
            people.c.prison_code == prison_code, people.c.status == CustodyStatus.RELEASED.value
        )
        return [self._load(row) for row in (await self.session.execute(statement)).all()]

    async def save(self, person: Person) -> None:
        """Insert a new person or update a loaded one (Conflict if changed meanwhile)."""
        now = clock.now()
        values = {
            "prison_number": person.prison_number,
            "prison_code": person.prison_code,
            "status": person.status.value,
            "state": person_to_json(person),
            "updated_at": now,
        }
        taken = Conflict(
            f"prison number {person.prison_number} is already known to intake",
            code="prison_number_taken",
        )
        await self._rows.save(person.person_id, values, on_insert={"created_at": now}, taken=taken)

    def _load(self, row: object) -> Person:
        person = person_from_json(row.person_id, row.state)  # type: ignore[attr-defined]
        self._rows.loaded(person.person_id, row.version)  # type: ignore[attr-defined]
        return person
