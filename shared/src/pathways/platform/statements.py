"""Statements a batch runs every time, built once and run with parameters: SQLAlchemy
neither builds nor keys them again per call (~150 µs a statement, and its IN list bound as
one expanding parameter, `:ids`). Tables are module-level, so the cache stays small."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    Insert,
    Select,
    Table,
    Update,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

IDS = "ids"


def ids_param() -> BindParameter[Any]:
    """The `:ids` list of a statement built once (pass `{"ids": [...]}` when running it)."""
    return bindparam(IDS, expanding=True)


def ids(values: Iterable[Any]) -> dict[str, list[Any]]:
    return {IDS: list(values)}


@cache
def rows_in(table: Table, column: str, *, order: str | None = None, locked: bool = False) -> Select:
    """SELECT the whole row WHERE column IN :ids (ORDER BY `order`; FOR UPDATE when locked:
    in one order, so two transactions never wait on each other's rows)."""
    statement = select(table).where(table.c[column].in_(ids_param()))
    if order is not None:
        statement = statement.order_by(table.c[order])
    return statement.with_for_update() if locked else statement


def locking(session: AsyncSession) -> bool:
    """A batch locks the rows it loads on PostgreSQL (SQLite has one writer anyway)."""
    return session.bind.dialect.name == "postgresql"


@cache
def insert_into(table: Table) -> Insert:
    """INSERT of the rows given as parameters: never run it with an empty list (SQLAlchemy
    would insert one row of defaults)."""
    return insert(table)


@cache
def update_by(table: Table, key: str, columns: tuple[str, ...]) -> Update:
    """UPDATE the columns (parameters named after them) WHERE key = :b_key, for executemany."""
    return (
        update(table)
        .where(table.c[key] == bindparam("b_key"))
        .values({c: bindparam(c) for c in columns})
    )
