"""Repositories: load and save the family aggregates inside one unit of work's session.

Each keeps an identity map (a batch of events for one person sees its own changes) and the
version it loaded: saving a row another transaction changed meanwhile raises ConcurrentChange,
so the work is retried instead of silently overwriting it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.family.adapters import serialization as ser
from pathways.family.adapters.orm import family_cases, known_people
from pathways.family.domain.case import FamilyCase
from pathways.messaging.person_prisons import people_in
from pathways.platform.checks import as_utc
from pathways.platform.errors import Conflict


class ConcurrentChange(Conflict):
    """Someone else changed the same record since it was read: retry the request."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} was changed by someone else at the same time; nothing was saved, please retry",
            code="concurrent_change",
        )


def for_update(statement: Any, session: AsyncSession) -> Any:
    """Lock the row on PostgreSQL (SQLite serialises writers anyway)."""
    return statement.with_for_update() if session.bind.dialect.name == "postgresql" else statement


class KnownPeople:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def is_known(self, person_id: UUID) -> bool:
        found = await self.session.scalar(
            select(known_people.c.person_id).where(known_people.c.person_id == person_id)
        )
        return found is not None

    async def remember(self, person_id: UUID, event_type: str) -> None:
        if not await self.is_known(person_id):
            await self.session.execute(
                insert(known_people).values(
                    person_id=person_id,
                    first_seen_at=datetime.now(UTC),
                    first_event_type=event_type,
                )
            )

    async def allows_family(self, person_id: UUID) -> bool:
        """Intake said the person consents to family work (none said: not allowed)."""
        allowed = await self.session.scalar(
            select(known_people.c.family_consent).where(known_people.c.person_id == person_id)
        )
        return allowed is True

    async def record_consent(
        self, person_id: UUID, allowed: bool, at: datetime, event_type: str
    ) -> bool:
        """Keep the newest consent fact; False when `at` is older than the one kept."""
        await self.remember(person_id, event_type)
        kept = await self.session.scalar(
            select(known_people.c.consent_at).where(known_people.c.person_id == person_id)
        )
        if kept is not None and as_utc(at) < as_utc(kept):
            return False
        await self.session.execute(
            update(known_people)
            .where(known_people.c.person_id == person_id)
            .values(family_consent=allowed, consent_at=as_utc(at))
        )
        return True


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._seen: dict[UUID, tuple[FamilyCase, int | None]] = {}

    async def get(self, case_id: UUID, *, lock: bool = False) -> FamilyCase | None:
        if case_id in self._seen:
            return self._seen[case_id][0]
        query = select(family_cases).where(family_cases.c.case_id == case_id)
        row = (
            await self.session.execute(for_update(query, self.session) if lock else query)
        ).first()
        return None if row is None else self._load(row)

    async def for_person(self, person_id: UUID) -> FamilyCase | None:
        query = select(family_cases).where(family_cases.c.person_id == person_id)
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        return self._seen[row.case_id][0] if row.case_id in self._seen else self._load(row)

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
        self._seen[case.case_id] = (case, None)

    async def save(self, case: FamilyCase) -> None:
        _, version = self._seen[case.case_id]
        values = {
            "worker": case.worker,
            "state": ser.case_state(case),
            "updated_at": datetime.now(UTC),
        }
        if version is None:
            await self.session.execute(
                insert(family_cases).values(
                    case_id=case.case_id,
                    person_id=case.person_id,
                    opened_on=case.opened_on,
                    version=1,
                    **values,
                )
            )
        else:
            result = await self.session.execute(
                update(family_cases)
                .where(family_cases.c.case_id == case.case_id, family_cases.c.version == version)
                .values(version=version + 1, **values)
            )
            if result.rowcount != 1:
                raise ConcurrentChange(f"family case {case.case_id}")
        self._seen[case.case_id] = (case, (version or 0) + 1)

    def _load(self, row: Any) -> FamilyCase:
        case = FamilyCase(
            person_id=row.person_id,
            worker=row.worker,
            opened_on=row.opened_on,
            case_id=row.case_id,
            **ser.case_parts(row.state),
        )
        self._seen[case.case_id] = (case, row.version)
        return case
