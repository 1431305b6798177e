"""Each person's prison number, kept by every consumer from the contract events that carry
one (`intake.person.received.v1`, `intake.person.released.v1`). A subject access request
names the person by prison number; this is how a service that keys by person id finds them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import field_of
from pathways.messaging.incoming import Incoming
from pathways.messaging.person_prisons import custody_fact
from pathways.messaging.tables import person_numbers
from pathways.platform.statements import ids, ids_param, insert_into, update_by

_KNOWN = select(person_numbers.c.person_id, person_numbers.c.prison_number).where(
    person_numbers.c.person_id.in_(ids_param())
)


def numbered(data: object) -> tuple[UUID, str] | None:
    """(person id, prison number) of an event that names both, else None."""
    person_id, number = field_of(data, "person_id"), field_of(data, "prison_number")
    if isinstance(person_id, UUID) and isinstance(number, str) and number:
        return person_id, number
    return None


async def note_numbers(session: AsyncSession, events: Sequence[Incoming]) -> None:
    """Idempotent: a new number is kept with the moment of the event that first named it
    (a number never changes in practice). Set-based: one query, then one INSERT of the new
    people and one UPDATE of changed numbers, ending where one event at a time would."""
    facts = [
        (found, fact)
        for found, fact in ((numbered(e.data), custody_fact(e.data)) for e in events)
        if found and fact
    ]
    if not facts:
        return
    stored = await session.execute(_KNOWN, ids({found[0] for found, _ in facts}))
    known: dict[UUID, str] = {person_id: number for person_id, number in stored}
    now: dict[UUID, tuple[str, Any]] = {}
    for (person_id, number), fact in facts:  # in order, as one event at a time would
        current = now[person_id][0] if person_id in now else known.get(person_id)
        if current != number:
            now[person_id] = (number, fact[2])
    rows = [
        {"person_id": person_id, "prison_number": number, "at": moment}
        for person_id, (number, moment) in now.items()
        if person_id not in known
    ]
    if rows:
        await session.execute(insert_into(person_numbers), rows)
    changes = [
        {"b_key": person_id, "at": moment, "prison_number": number}
        for person_id, (number, moment) in now.items()
        if person_id in known
    ]
    if changes:
        await session.execute(
            update_by(person_numbers, "person_id", ("at", "prison_number")), changes
        )


async def people_numbered(session: AsyncSession, prison_number: str) -> list[UUID]:
    """The ids of the people this service knows by `prison_number` (usually one, or none)."""
    rows = await session.scalars(
        select(person_numbers.c.person_id)
        .where(person_numbers.c.prison_number == prison_number)
        .order_by(person_numbers.c.at)
    )
    return list(rows)
