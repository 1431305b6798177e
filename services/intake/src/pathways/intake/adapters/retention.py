"""Intake's part of the retention purge: it decides who is due (it owns the person), erases
their row and announces it with `intake.person.retention_applied.v1`, once per person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select

from pathways.contracts.intake import RetentionApplied
from pathways.intake.adapters.orm import people
from pathways.intake.adapters.serialization import person_from_json
from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.retention import is_due
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.retention import Cutoffs, RetentionRules

_PAGE = 500


async def due(uow: UnitOfWork, cutoffs: Cutoffs) -> Mapping[str, Sequence[str]]:
    """Released people whose last activity is before the case-record cutoff, with their
    prison number (the movement feed's dead letters name people by it)."""
    found: dict[str, Sequence[str]] = {}
    last: UUID | None = None
    while True:
        statement = select(people.c.person_id, people.c.prison_number, people.c.state).where(
            people.c.status == CustodyStatus.RELEASED.value
        )
        if last is not None:
            statement = statement.where(people.c.person_id > last)
        rows = (
            await uow.session.execute(statement.order_by(people.c.person_id).limit(_PAGE))
        ).all()
        if not rows:
            return found
        last = rows[-1].person_id
        for row in rows:
            if is_due(person_from_json(row.person_id, row.state), cutoffs.case_records):
                found[str(row.person_id)] = (row.prison_number,)


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    """Erase each person's row; announce only the erasures this run made (a concurrent run
    that got there first deleted the row, so it announces and this one does not)."""
    erased = 0
    for person_id in person_ids:
        result = await uow.session.execute(delete(people).where(people.c.person_id == person_id))
        if result.rowcount:
            erased += 1
            uow.emit(RetentionApplied(person_id=person_id, applied_at=at))
    return {"people": erased}


RULES = RetentionRules(forget=forget, due=due)
