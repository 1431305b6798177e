"""SQLite under asyncio in one trip through aiosqlite's worker thread per statement.

SQLAlchemy's aiosqlite cursor makes four trips per statement (open a cursor, execute, fetch
the rows, close), each a thread switch and an event-loop wake-up: ~500 µs of CPU on this
machine for a statement sqlite3 itself runs in 8 µs. This cursor does the four in one call
on that same thread (aiosqlite's `Connection._execute`, the call its own cursor is built on:
aiosqlite is pinned in uv.lock), so statements still run one at a time on the connection's
own thread and errors are sqlite3's own, mapped by SQLAlchemy as before. Server-side
cursors (`stream`) keep SQLAlchemy's own adapter."""

from __future__ import annotations

import collections
import sqlite3
from threading import Thread
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# What one statement leaves behind: description, rows, rowcount, lastrowid.
_Outcome = tuple[Any, list[Any] | None, int, int | None]


def _execute(connection: aiosqlite.Connection, operation: str, parameters: Any) -> _Outcome:
    cursor = connection._conn.cursor()  # on aiosqlite's worker thread
    try:
        cursor.execute(operation, *(() if parameters is None else (parameters,)))
        rows = cursor.fetchall() if cursor.description else None
        return cursor.description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _executemany(connection: aiosqlite.Connection, operation: str, rows: Any) -> _Outcome:
    cursor = connection._conn.cursor()
    try:
        cursor.executemany(operation, rows)
        return cursor.description, None, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    # Plain slots in place of the base's properties, which read an aiosqlite cursor.
    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")
    _awaitable_cursor_close = False  # nothing to close: the thread closed it

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self.description: Any = None
        self.rowcount, self.lastrowid, self.arraysize = -1, None, 1

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._run(_execute, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._run(_executemany, operation, seq_of_parameters)

    def _run(self, fn: Any, operation: Any, parameters: Any) -> None:
        try:
            outcome = await_(self._in_thread(fn, operation, parameters))
            self.description, rows, self.rowcount, self.lastrowid = outcome
            self._rows = collections.deque(rows or ())
        except Exception as error:
            self._adapt_connection._handle_exception(error)  # raises SQLAlchemy's mapping

    async def _in_thread(self, fn: Any, operation: Any, parameters: Any) -> _Outcome:
        async with self._adapt_connection._execute_mutex:
            return await self._connection._execute(fn, self._connection, operation, parameters)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given (`module=`): its connections
    hand out one-hop cursors."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        connection = aiosqlite.connect(*arg, **kw)
        # A daemon thread, as SQLAlchemy's own adapter makes it (before 0.22 the connection
        # was the thread itself).
        worker = connection if isinstance(connection, Thread) else connection._thread
        worker.daemon = True
        return OneHopConnection(self, await_(connection))
