"""Optimistic concurrency for aggregates stored as rows with a `version` column."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Table, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.platform.errors import Conflict


class ConcurrentUpdate(Conflict):
    """Someone else changed the record between our read and our write; nothing was saved."""

    def __init__(self, what: str, ident: UUID) -> None:
        super().__init__(
            f"{what} {ident} was changed by someone else at the same time; please retry",
            code="concurrent_update",
        )


class VersionedRows:
    """Insert new rows at version 1; update only the version that was read (else Conflict)."""

    def __init__(self, session: AsyncSession, table: Table, key: str, what: str) -> None:
        self.session, self.table, self.key, self.what = session, table, key, what
        self.versions: dict[UUID, int] = {}

    def seen(self, ident: UUID, version: int) -> None:
        self.versions[ident] = version

    async def write(self, ident: UUID, values: dict[str, Any]) -> None:
        version = self.versions.get(ident)
        if version is None:
            try:
                await self.session.execute(
                    insert(self.table).values({self.key: ident, "version": 1, **values})
                )
            except IntegrityError:  # created concurrently by another transaction
                raise ConcurrentUpdate(self.what, ident) from None
            self.versions[ident] = 1
            return
        result = await self.session.execute(
            update(self.table)
            .where(self.table.c[self.key] == ident, self.table.c.version == version)
            .values(version=version + 1, **values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentUpdate(self.what, ident)
        self.versions[ident] = version + 1
