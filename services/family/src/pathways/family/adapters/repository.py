"""Repositories: load and save the family aggregates inside one unit of work's session.

Each keeps, through the kit's VersionedRepository, an identity map (a batch of events for one
person sees its own changes) and the version it loaded: saving a row another transaction
changed meanwhile raises ConcurrentChange, so the work is retried instead of silently
overwriting it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters import serialization as ser
from pathways.family.adapters.orm import family_cases, known_people
from pathways.family.domain.case import FamilyCase
from pathways.messaging.person_prisons import people_in
from pathways.messaging.staged import StagedRows
from pathways.platform import clock
from pathways.platform.checks import as_utc
from pathways.platform.errors import Conflict
from pathways.platform.statements import ids, rows_in
from pathways.platform.versioned import VersionedRepository


def for_update(statement: Any, session: AsyncSession) -> Any:
    """Lock the row on PostgreSQL (SQLite serialises writers anyway)."""
    return statement.with_for_update() if session.bind.dialect.name == "postgresql" else statement


class KnownPeople:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.staged = StagedRows(session, known_people, "person_id")
        self._read: dict[UUID, dict[str, Any] | None] = {}  # outside a batch, per transaction

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: what is known of everyone it names, in one query."""
        self.staged.begin()
        self._read.clear()  # a batch's staged rows take over (and are written before reads)
        for row in await self.session.execute(rows_in(known_people, "person_id"), ids(person_ids)):
            self.staged.loaded(row.person_id, None, dict(row._mapping))
        for person_id in person_ids:
            self.staged.absent(person_id)

    async def write_staged(self) -> None:
        await self.staged.write()
        self._read.clear()

    async def _known(self, person_id: UUID) -> dict[str, Any] | None:
        """The person's row, read once a transaction (a use case asks more than once)."""
        if self.staged.has(person_id):
            return self.staged.aggregates[person_id]
        if person_id in self._read:
            return self._read[person_id]
        rows = await self.session.execute(rows_in(known_people, "person_id"), ids([person_id]))
        row = rows.first()
        found = None if row is None else dict(row._mapping)
        if self.staged.active:
            self.staged.loaded(person_id, None, found) if found else self.staged.absent(person_id)
        else:
            self._read[person_id] = found
        return found

    async def is_known(self, person_id: UUID) -> bool:
        return await self._known(person_id) is not None

    async def remember(self, person_id: UUID, event_type: str) -> None:
        if await self._known(person_id) is not None:
            return
        first = {"first_seen_at": clock.now(), "first_event_type": event_type}
        if self.staged.active:
            known = {"person_id": person_id, "family_consent": None, "consent_at": None, **first}
            self.staged.save(person_id, {}, on_insert=first, aggregate=known)
            return
        await self.session.execute(insert(known_people).values(person_id=person_id, **first))
        self._read[person_id] = {
            "person_id": person_id, "family_consent": None, "consent_at": None, **first
        }  # fmt: skip

    async def allows_family(self, person_id: UUID) -> bool:
        """Intake said the person consents to family work (none said: not allowed)."""
        known = await self._known(person_id)
        return known is not None and known["family_consent"] is True

    async def record_consent(
        self, person_id: UUID, allowed: bool, at: datetime, event_type: str
    ) -> bool:
        """Keep the newest consent fact; False when `at` is older than the one kept."""
        await self.remember(person_id, event_type)
        known = await self._known(person_id)
        kept = known["consent_at"] if known else None
        if kept is not None and as_utc(at) < as_utc(kept):
            return False
        values = {"family_consent": allowed, "consent_at": as_utc(at)}
        if known is not None:
            known.update(values)  # the row as read, now as written
        if self.staged.active and known is not None:
            self.staged.save(person_id, values)
            return True
        await self.session.execute(
            update(known_people).where(known_people.c.person_id == person_id).values(**values)
        )
        return True


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._rows: VersionedRepository[FamilyCase] = VersionedRepository(
            session, family_cases, "case_id", "family case"
        )
        self._batch: dict[UUID, FamilyCase | None] | None = None  # by person, in a batch

    async def get(self, case_id: UUID, *, lock: bool = False) -> FamilyCase | None:
        if (cached := self._rows.cached(case_id)) is not None:
            return cached
        query = select(family_cases).where(family_cases.c.case_id == case_id)
        row = (
            await self.session.execute(for_update(query, self.session) if lock else query)
        ).first()
        return None if row is None else self._load(row)

    async def load_many(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch begins: the cases of everyone it names, in one query (the
        consumer only reads them)."""
        self._batch = {person_id: None for person_id in person_ids}
        for row in await self.session.execute(rows_in(family_cases, "person_id"), ids(person_ids)):
            self._batch[row.person_id] = self._rows.cached(row.case_id) or self._load(row)

    def write_staged(self) -> None:
        self._batch = None

    async def for_person(self, person_id: UUID) -> FamilyCase | None:
        if self._batch is not None and person_id in self._batch:
            return self._batch[person_id]
        query = select(family_cases).where(family_cases.c.person_id == person_id)
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        return self._rows.cached(row.case_id) or self._load(row)

    async def page(
        self,
        *,
        person_id: UUID | None,
        worker: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[FamilyCase], int]:
        query = select(family_cases)
        if prisons is not None:  # the caller's caseload
            query = query.where(family_cases.c.person_id.in_(people_in(prisons)))
        if person_id is not None:
            query = query.where(family_cases.c.person_id == person_id)
        if worker is not None:
            query = query.where(family_cases.c.worker == worker)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        page = query.order_by(family_cases.c.opened_on, family_cases.c.case_id)
        rows = (await self.session.execute(page.limit(limit).offset(offset))).all()
        return [self._load(row) for row in rows], int(total or 0)

    def add(self, case: FamilyCase) -> None:
        self._rows.added(case.case_id, case)

    async def save(self, case: FamilyCase) -> None:
        """Insert an added case (409 `case_exists` if the person has one) or update it."""
        values = {
            "worker": case.worker,
            "state": ser.case_state(case),
            "updated_at": clock.now(),
        }
        first = {"person_id": case.person_id, "opened_on": case.opened_on}
        taken = Conflict(f"person {case.person_id} already has a family case", code="case_exists")
        await self._rows.save(case.case_id, values, on_insert=first, taken=taken)

    def _load(self, row: Any) -> FamilyCase:
        case = FamilyCase(
            person_id=row.person_id,
            worker=row.worker,
            opened_on=row.opened_on,
            case_id=row.case_id,
            **ser.case_parts(row.state),
        )
        self._rows.loaded(case.case_id, row.version, case)
        return case
