"""Each person's prison, kept by every consumer from the custody events it applies: where
they were received or transferred to, or the prison they were released from (their last).
The caseload check reads it; a later fact wins, so replays and reordered batches agree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import field_of
from pathways.messaging.incoming import Incoming
from pathways.messaging.tables import person_prisons
from pathways.platform.statements import ids, ids_param, insert_into, update_by

# The moment each custody fact names, and the prison it leaves the person at.
_FACTS = (("transferred_at", "to_prison_code"), ("received_at", "prison_code"))
_RELEASED = ("released_at", "prison_code")
_KNOWN = select(person_prisons.c.person_id, person_prisons.c.at).where(
    person_prisons.c.person_id.in_(ids_param())
)


def custody_fact(data: Any) -> tuple[UUID, str, datetime] | None:
    """(person id, prison, moment) of a received, transferred or released event, else None."""
    person_id = field_of(data, "person_id")
    if not isinstance(person_id, UUID):
        return None
    for moment_field, prison_field in (*_FACTS, _RELEASED):
        moment, prison = field_of(data, moment_field), field_of(data, prison_field)
        if isinstance(moment, datetime) and isinstance(prison, str):
            return person_id, prison, _aware(moment)
    return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def note_prisons(session: AsyncSession, events: Sequence[Incoming]) -> None:
    """Set-based: one query reads what is kept of everyone the batch moves, one INSERT and
    one UPDATE write the later facts."""
    latest: dict[UUID, tuple[str, datetime]] = {}
    for event in events:
        fact = custody_fact(event.data)
        if fact and (fact[0] not in latest or fact[2] >= latest[fact[0]][1]):
            latest[fact[0]] = (fact[1], fact[2])
    if not latest:
        return
    found = await session.execute(_KNOWN, ids(latest))
    known = {person_id: _aware(at) for person_id, at in found}
    rows = [
        {"person_id": person_id, "prison_code": prison, "at": moment}
        for person_id, (prison, moment) in latest.items()
        if person_id not in known
    ]
    if rows:
        await session.execute(insert_into(person_prisons), rows)
    changes = [
        {"b_key": person_id, "at": moment, "prison_code": prison}
        for person_id, (prison, moment) in latest.items()
        if person_id in known and moment >= known[person_id]
    ]
    if changes:
        await session.execute(
            update_by(person_prisons, "person_id", ("at", "prison_code")), changes
        )


async def prison_of(session: AsyncSession, person_id: UUID) -> str | None:
    """The person's prison as the consumed events tell it; None when none has named one."""
    return await session.scalar(
        select(person_prisons.c.prison_code).where(person_prisons.c.person_id == person_id)
    )


def people_in(prisons: frozenset[str]) -> Any:
    """A subquery of the ids of the people whose prison is one of `prisons` (for lists)."""
    return select(person_prisons.c.person_id).where(person_prisons.c.prison_code.in_(prisons))
