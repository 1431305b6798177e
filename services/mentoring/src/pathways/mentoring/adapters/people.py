"""Custody records per person (`domain/custody_record.py`), non-associations, and the
per-prison matching lock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.mentoring.adapters.orm import non_associations, people, prison_locks
from pathways.mentoring.domain import NonAssociation, NonAssociations
from pathways.mentoring.domain.custody_record import IN_CUSTODY, RELEASED, CustodyRecord
from pathways.platform import clock
from pathways.platform.errors import Conflict
from pathways.platform.statements import ids_param

__all__ = [  # the record lives in the domain; still importable from here
    "IN_CUSTODY",
    "RELEASED",
    "CustodyRecord",
    "NonAssociationRepository",
    "PeopleRepository",
    "lock_prison",
]


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: UUID) -> CustodyRecord:
        """The person's record (a new, unsaved one for a person not heard of yet)."""
        row = (
            await self.session.execute(select(people).where(people.c.person_id == person_id))
        ).first()
        return CustodyRecord(person_id) if row is None else record_from_row(row)

    async def save(self, record: CustodyRecord) -> None:
        values = record_values(record)
        if record.is_new:
            await self.session.execute(insert(people).values(person_id=record.person_id, **values))
            record.is_new = False
        else:
            await self.session.execute(
                update(people).where(people.c.person_id == record.person_id).values(**values)
            )


def record_from_row(row: Any) -> CustodyRecord:
    return CustodyRecord(
        row.person_id,
        row.prison_code,
        row.wing,
        row.custody,
        row.category,
        _aware(row.custody_at),
        list(row.state.get("history", [])),
        is_new=False,
        consent=dict(row.state.get("consent", {})),
    )


def record_values(record: CustodyRecord) -> dict[str, Any]:
    return {
        "prison_code": record.prison_code,
        "wing": record.wing,
        "custody": record.custody,
        "category": record.category,
        "custody_at": record.custody_at,
        "state": {"history": record.history, "consent": record.consent},
        "updated_at": clock.now(),
    }


_PEOPLE = ids_param()
_AMONG = select(non_associations.c.first_person_id, non_associations.c.second_person_id).where(
    or_(
        non_associations.c.first_person_id.in_(_PEOPLE),
        non_associations.c.second_person_id.in_(_PEOPLE),
    )
)


class NonAssociationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def among(self, person_ids: Iterable[UUID]) -> NonAssociations:
        """Non-associations that involve any of these people."""
        ids = list(person_ids)
        if not ids:
            return NonAssociations()
        rows = await self.session.execute(_AMONG, {"ids": ids})
        return NonAssociations(NonAssociation(a, b) for a, b in rows)

    async def add(self, entry: NonAssociation, recorded_by: str) -> None:
        first, second = sorted((entry.first, entry.second), key=str)
        try:  # a pair recorded meanwhile: the unit of work rolls back, nothing changes
            await self.session.execute(
                insert(non_associations).values(
                    first_person_id=first,
                    second_person_id=second,
                    recorded_by=recorded_by,
                    recorded_at=clock.now(),
                )
            )
        except IntegrityError:
            raise Conflict(
                f"a non-association between {entry.first} and {entry.second} is already recorded",
                code="non_association_exists",
            ) from None


async def lock_prison(session: AsyncSession, prison_code: str) -> None:
    """Take the prison's matching lock (a row update) before reading its cohort."""
    now = clock.now()
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(prison_locks).values(
        prison_code=prison_code, runs=1, last_run_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[prison_locks.c.prison_code],
            set_={"runs": prison_locks.c.runs + 1, "last_run_at": now},
        )
    )


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
