"""One versioned repository for every service: aggregates stored as rows with a `version`
column, an identity map per unit of work, and optimistic concurrency.

A row is loaded at some version; saving it updates only that version (`... WHERE version =
:loaded`, version + 1). If another transaction changed it meanwhile nothing is written and
`ConcurrentChange` (409 `concurrent_change`) is raised, so the request or the consumer's
batch is retried instead of silently overwriting the other change. A new row is inserted at
version 1; a clash on its key (created concurrently) is a `ConcurrentChange` too, unless the
caller names the refusal it means (intake: `prison_number_taken`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, Table, Update, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.platform.errors import Conflict, NotFound
from pathways.platform.statements import insert_into

A = TypeVar("A")
_NEW = None  # the version of an aggregate added in this unit of work, not stored yet


# Each statement is built once per table (and set of columns) and run with its values as
# parameters: SQLAlchemy then neither builds nor keys it again (a fifth of a staff call's
# statement work was that).
@cache
def _select_one(table: Table, key: str) -> Select:
    return select(table).where(table.c[key] == bindparam("b_key"))


@cache
def _update_at_version(table: Table, key: str, columns: tuple[str, ...]) -> Update:
    return (
        update(table)
        .where(table.c[key] == bindparam("b_key"), table.c.version == bindparam("b_version"))
        .values({**{c: bindparam(c) for c in columns}, "version": bindparam("b_new_version")})
    )


class ConcurrentChange(Conflict):
    """Someone else changed the same record since it was read: nothing was saved, retry."""

    def __init__(self, what: str, message: str | None = None) -> None:
        super().__init__(
            message or f"{what} was changed by someone else meanwhile; nothing was saved, retry",
            code="concurrent_change",
        )


class VersionedRepository(Generic[A]):
    """The rows of `table` keyed by column `key` (`what` names them in refusals).

    `loaded` remembers an aggregate read at a version (the identity map: `cached` gives it
    back for the rest of the unit of work), `added` one created here; `save` then inserts or
    updates it as appropriate. `insert` / `update` are there for rows written without an
    aggregate object, `bumped` for rows a bulk statement already moved on by one version.
    """

    def __init__(self, session: AsyncSession, table: Table, key: str, what: str) -> None:
        self.session, self.table, self.key, self.what = session, table, key, what
        self._versions: dict[Any, int | None] = {}
        self._aggregates: dict[Any, A] = {}

    async def row(self, ident: Any) -> Any:
        """The stored row of `ident`, or NotFound (`<what>_not_found`)."""
        statement = _select_one(self.table, self.key)
        if (found := (await self.session.execute(statement, {"b_key": ident})).first()) is None:
            raise NotFound(f"no {self.what} with id {ident}", code=f"{self.what}_not_found")
        return found

    # -- the identity map ------------------------------------------------------------------
    def loaded(self, ident: Any, version: int, aggregate: A | None = None) -> None:
        """`ident` was read at `version` (and, if given, is now `aggregate`)."""
        self._versions[ident] = version
        if aggregate is not None:
            self._aggregates[ident] = aggregate

    def added(self, ident: Any, aggregate: A | None = None) -> None:
        """A new aggregate of this unit of work: `save` inserts it."""
        self._versions[ident] = _NEW
        if aggregate is not None:
            self._aggregates[ident] = aggregate

    def cached(self, ident: Any) -> A | None:
        """The aggregate already loaded or added in this unit of work, if any."""
        return self._aggregates.get(ident)

    def known(self, ident: Any) -> bool:
        return ident in self._versions

    def version(self, ident: Any) -> int | None:
        """The version `ident` was loaded at (or last saved at); None if new or unseen."""
        return self._versions.get(ident)

    def bumped(self, idents: Iterable[Any]) -> None:
        """Rows this unit of work updated in bulk (version + 1)."""
        for ident in idents:
            version = self._versions.get(ident)
            if version is not None:
                self._versions[ident] = version + 1

    # -- writing ---------------------------------------------------------------------------
    async def save(
        self,
        ident: Any,
        values: dict[str, Any],
        *,
        on_insert: dict[str, Any] | None = None,
        taken: Conflict | None = None,
    ) -> None:
        """Insert `ident` (with `on_insert` too) unless it was loaded, else update it."""
        if self._versions.get(ident) is None:
            await self.insert(ident, {**values, **(on_insert or {})}, taken=taken)
        else:
            await self.update(ident, values)

    async def insert(
        self, ident: Any, values: dict[str, Any], *, taken: Conflict | None = None
    ) -> None:
        """A new row at version 1; its key already stored: `taken`, else ConcurrentChange."""
        try:
            await self.session.execute(
                insert_into(self.table), {self.key: ident, "version": 1, **values}
            )
        except IntegrityError:  # the transaction is spoilt; the unit of work rolls it back
            raise (taken or ConcurrentChange(f"{self.what} {ident}")) from None
        self._versions[ident] = 1

    async def update(self, ident: Any, values: dict[str, Any]) -> None:
        """Update a loaded row at the version it was loaded at (else ConcurrentChange)."""
        version = self._versions.get(ident)
        if version is None:
            raise KeyError(f"{self.what} {ident} was not loaded in this unit of work")
        statement = _update_at_version(self.table, self.key, tuple(values))
        result = await self.session.execute(
            statement,
            {**values, "b_key": ident, "b_version": version, "b_new_version": version + 1},
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentChange(f"{self.what} {ident}")
        self._versions[ident] = version + 1

    async def update_many(
        self, changes: Sequence[tuple[Any, int, int, dict[str, Any]]], message: str | None = None
    ) -> None:
        """A batch's updates in one statement: each (key, version read, new version, values),
        written only where the row is still at the version read. A row changed meanwhile is a
        ConcurrentChange: counted from the executemany where the driver can (SQLite), else
        (asyncpg) checked first with the rows locked FOR UPDATE, so no other transaction can
        move them on between the check and the write. Every change sets the same columns."""
        if not changes:
            return
        counts = self.session.get_bind().dialect.supports_sane_multi_rowcount
        if not counts:
            await self._check_locked({ident: read for ident, read, _, _ in changes}, message)
        statement = _update_at_version(self.table, self.key, tuple(changes[0][3]))
        rows = [
            {**values, "b_key": ident, "b_version": read, "b_new_version": new}
            for ident, read, new, values in changes
        ]
        result = await self.session.execute(statement, rows)
        if counts and result.rowcount != len(rows):  # type: ignore[attr-defined]
            raise ConcurrentChange(f"one of {len(rows)} {self.what} rows", message)
        for ident, _, new, _ in changes:
            if ident in self._versions:
                self._versions[ident] = new

    async def _check_locked(self, read: dict[Any, int], message: str | None) -> None:
        key = self.table.c[self.key]
        found = await self.session.execute(
            select(key, self.table.c.version).where(key.in_(list(read))).with_for_update()
        )
        stored = {ident: version for ident, version in found}
        if stored != read:
            raise ConcurrentChange(f"one of {len(read)} {self.what} rows", message)
