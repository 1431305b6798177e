"""Rows of one table a consumer batch reads once and writes once (set-based writes).

A batch loads every row it will touch in one query (`loaded`), the handlers change the
aggregates in memory and `save` them as often as a one-by-one apply would, and `write`
stores the lot: one INSERT for the new rows and one UPDATE for the changed ones. Versioned
tables end at the version a one-by-one apply would have reached (the version read plus one
per save; a new row: one per save), checked through `VersionedRepository.update_many`, so a
row changed meanwhile fails the batch (ConcurrentChange) and the kit retries it one by one.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.platform.errors import Conflict
from pathways.platform.statements import insert_into, update_by
from pathways.platform.versioned import ConcurrentChange, VersionedRepository


class StagedRows:
    """The staged rows of `table` keyed by column `key`; `versions` for a versioned table
    (its identity map is told the versions written, for work after the batch)."""

    def __init__(
        self,
        session: AsyncSession,
        table: Table,
        key: str,
        versions: VersionedRepository[Any] | None = None,
    ) -> None:
        self.session, self.table, self.key, self.versions = session, table, key, versions
        self._read: dict[Hashable, int | None] = {}  # loaded at a version (None: unversioned)
        self._saves: dict[Hashable, int] = {}
        self._values: dict[Hashable, dict[str, Any]] = {}
        self._first: dict[Hashable, dict[str, Any]] = {}  # columns a new row gets once
        self.active = False  # between `begin` and `write`: reads and saves are staged here
        self.aggregates: dict[Hashable, Any] = {}  # the batch's identity map (None: absent)

    def begin(self) -> None:
        self.active, self.aggregates = True, {}
        self._read, self._saves, self._values, self._first = {}, {}, {}, {}

    def loaded(self, ident: Hashable, version: int | None = None, aggregate: Any = None) -> None:
        """`ident` is stored (at `version`), `aggregate` is it in memory."""
        self._read.setdefault(ident, version)
        self.aggregates.setdefault(ident, aggregate)

    def absent(self, ident: Hashable) -> None:
        """`ident` was looked for and is not stored (yet)."""
        self.aggregates.setdefault(ident, None)

    def has(self, ident: Hashable) -> bool:
        """The batch knows whether `ident` exists (`aggregates[ident]`, None if not)."""
        return self.active and ident in self.aggregates

    def is_stored(self, ident: Hashable) -> bool:
        return ident in self._read

    def save(
        self,
        ident: Hashable,
        values: dict[str, Any],
        on_insert: dict[str, Any] | None = None,
        aggregate: Any = None,
    ) -> None:
        """One save of `ident` (inserted if it was not loaded), written by `write`."""
        if aggregate is not None:
            self.aggregates[ident] = aggregate
        self._saves[ident] = self._saves.get(ident, 0) + 1
        self._values[ident] = {**self._values.get(ident, {}), **values}
        if on_insert and ident not in self._read:
            self._first.setdefault(ident, on_insert)

    async def write(self, taken: Conflict | None = None) -> None:
        """One INSERT of the new rows and one UPDATE of the changed ones (per column set)."""
        new = [i for i in self._saves if i not in self._read]
        old = [i for i in self._saves if i in self._read]
        versioned = self.versions is not None
        if new:
            rows = [
                {**self._first.get(i, {}), **self._values[i], self.key: i}
                | ({"version": self._saves[i]} if versioned else {})
                for i in new
            ]
            for group in _by_columns(rows):
                try:
                    await self.session.execute(insert_into(self.table), group)
                except IntegrityError:  # the transaction is spoilt: the batch rolls back
                    raise taken or ConcurrentChange(f"a {self.table.name} row") from None
        if old:
            await (self._update_versioned(old) if versioned else self._update(old))
        for ident, saves in self._saves.items():  # where the rows are now
            self._read[ident] = (self._read.get(ident) or 0) + saves if versioned else None
            if self.versions is not None:
                self.versions.loaded(ident, self._read[ident] or 0)
        self._saves, self._values, self._first = {}, {}, {}
        self.active, self.aggregates = False, {}

    async def _update_versioned(self, idents: list[Hashable]) -> None:
        assert self.versions is not None
        changes = [
            (i, self._read[i] or 0, (self._read[i] or 0) + self._saves[i], self._values[i])
            for i in idents
        ]
        for columns in {frozenset(c[3]) for c in changes}:
            await self.versions.update_many([c for c in changes if frozenset(c[3]) == columns])

    async def _update(self, idents: list[Hashable]) -> None:
        rows = [{**self._values[i], "b_key": i} for i in idents]
        for group in _by_columns(rows):
            columns = tuple(sorted(c for c in group[0] if c != "b_key"))
            await self.session.execute(update_by(self.table, self.key, columns), group)


def _by_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they set (an executemany sets the same ones)."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())
