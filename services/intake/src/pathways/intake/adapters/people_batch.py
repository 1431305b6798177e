"""People for a batch of feed messages: loaded in one query, changed in memory, written back
with one INSERT and one UPDATE for the whole batch (set-based: the consumer's hot path).

Optimistic concurrency as in the per-person repository: each person is written at the
version loaded plus the number of changes the batch made to them (the versions a
one-at-a-time apply would have reached); a concurrent change makes the batch fail and roll
back, and the kit then applies its messages one by one. On PostgreSQL the rows are locked
as they are loaded (FOR UPDATE), so no change can slip in between; on SQLite (one writer)
the summed row count of the UPDATE says whether every row was still at its version."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.intake.adapters.orm import people
from pathways.intake.adapters.serialization import person_from_json, person_to_json
from pathways.intake.domain.person import Person
from pathways.platform import clock
from pathways.platform.errors import Conflict
from pathways.platform.statements import ids, insert_into, locking, rows_in
from pathways.platform.versioned import VersionedRepository


class PeopleBatch:
    """The people a batch touches, by prison number; `put` records a change, `save` writes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._people: dict[str, Person] = {}
        self._loaded_at: dict[uuid.UUID, int] = {}  # version as loaded (absent: new)
        self._changes: dict[uuid.UUID, int] = {}  # changes made in this batch

    async def load(self, prison_numbers: Iterable[str]) -> None:
        wanted = sorted(set(prison_numbers) - set(self._people))
        if not wanted:
            return
        locked = locking(self.session)  # in person order, as every locking transaction
        statement = rows_in(people, "prison_number", order="person_id" if locked else None,
                            locked=locked)  # fmt: skip
        for row in (await self.session.execute(statement, ids(wanted))).all():
            person = person_from_json(row.person_id, row.state)
            self._people[row.prison_number] = person
            self._loaded_at[person.person_id] = row.version

    def get(self, prison_number: str) -> Person | None:
        return self._people.get(prison_number)

    def put(self, person: Person) -> None:
        """`person` (new, or one got here) was changed by one message."""
        self._people[person.prison_number] = person
        self._changes[person.person_id] = self._changes.get(person.person_id, 0) + 1

    def is_new(self, person: Person) -> bool:
        return person.person_id not in self._loaded_at

    async def save(self) -> None:
        now = clock.now()
        changed = [p for p in self._people.values() if p.person_id in self._changes]
        created = [p for p in changed if self.is_new(p)]
        updated = [p for p in changed if not self.is_new(p)]
        if created:
            rows = [
                {**_values(p, now), "person_id": p.person_id, "created_at": now,
                 "version": self._changes[p.person_id]}
                for p in created
            ]  # fmt: skip
            try:
                await self.session.execute(insert_into(people), rows)
            except IntegrityError:  # the transaction is spoilt; the unit of work rolls back
                raise Conflict(
                    "a prison number in the batch is already known to intake",
                    code="prison_number_taken",
                ) from None
        if updated:
            await self._update(updated, now)

    async def _update(self, updated: list[Person], now: datetime) -> None:
        """One UPDATE for every changed person, each at the version it was loaded at."""
        changes = [
            (p.person_id, self._loaded_at[p.person_id],
             self._loaded_at[p.person_id] + self._changes[p.person_id], _values(p, now))
            for p in updated
        ]  # fmt: skip
        repository: VersionedRepository[Person] = VersionedRepository(
            self.session, people, "person_id", "person"
        )
        await repository.update_many(
            changes, "a person in the batch was changed by someone else meanwhile; try again"
        )


def _values(person: Person, now: datetime) -> dict[str, object]:
    return {
        "prison_number": person.prison_number,
        "prison_code": person.prison_code,
        "status": person.status.value,
        "state": person_to_json(person),
        "updated_at": now,
    }
