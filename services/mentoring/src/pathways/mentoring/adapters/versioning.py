"""Optimistic concurrency shared by the repositories: remember versions, refuse lost updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.platform.errors import Conflict


class Versions:
    """The version each row was loaded at in this unit of work."""

    def __init__(self, session: AsyncSession, table: Table, key: str, what: str) -> None:
        self.session, self.table, self.key, self.what = session, table, key, what
        self._seen: dict[UUID, int] = {}

    def remember(self, row: Any) -> None:
        self._seen[getattr(row, self.key)] = row.version

    def known(self, ident: UUID) -> bool:
        return ident in self._seen

    def inserted(self, ident: UUID) -> None:
        self._seen[ident] = 1

    def bumped(self, idents: Iterable[UUID]) -> None:
        """Rows updated in bulk (version + 1) by this unit of work."""
        for ident in idents:
            if ident in self._seen:
                self._seen[ident] += 1

    async def update(self, ident: UUID, values: dict[str, Any]) -> None:
        """Update a loaded row; Conflict if someone else changed it since it was loaded."""
        version = self._seen[ident]
        result = await self.session.execute(
            update(self.table)
            .where(self.table.c[self.key] == ident, self.table.c.version == version)
            .values(**values, version=version + 1)
        )
        if result.rowcount != 1:
            raise Conflict(
                f"{self.what} {ident} was changed by someone else meanwhile; try again",
                code="concurrent_change",
            )
        self._seen[ident] = version + 1
