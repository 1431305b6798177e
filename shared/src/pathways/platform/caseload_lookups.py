"""Ready-made caseload lookups (`Lookup`), from how a service locates one person.

`by_person(locate)`: the parameter is a person's id. `via(column, locate)`: the parameter is
the id of a record (a case, a referral…) whose table has a `person_id`. `named_prison`: the
parameter is a prison code itself (a reception, a list)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.platform.caseload import Located, Lookup, as_uuid

# Where one person is: None for a person the service has never heard of.
Locate = Callable[[AsyncSession, UUID], Awaitable[Located | None]]


def by_person(locate: Locate) -> Lookup:
    async def lookup(session: AsyncSession, value: str) -> Located | None:
        person_id = as_uuid(value)
        return None if person_id is None else await locate(session, person_id)

    return lookup


def via(key: Column, locate: Locate) -> Lookup:
    """The record `key` names points to its person (its table's `person_id` column)."""

    async def lookup(session: AsyncSession, value: str) -> Located | None:
        record_id = as_uuid(value)
        if record_id is None:
            return None
        person_id = await session.scalar(select(key.table.c.person_id).where(key == record_id))
        return None if person_id is None else await locate(session, person_id)

    return lookup


async def named_prison(_: AsyncSession, value: str) -> Located | None:
    """`prison_code` of a reception (body) or a list (query): that prison itself."""
    return Located(None, value.strip().upper())
