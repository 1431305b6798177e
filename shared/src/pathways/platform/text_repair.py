"""Repair of stored text that is not valid Unicode: before the APIs refused lone surrogates,
a name like "\\ud800x" could be stored (as a JSON escape) and then broke every listing that
read it back. Each service's migration 0003 calls `repair_invalid_text` once: each lone
surrogate becomes U+FFFD (the replacement character); valid text and surrogate pairs stay."""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

HIGH = r"\\u[dD][89abAB][0-9a-fA-F]{2}"
LOW = r"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
LONE_SURROGATE_ESCAPE = re.compile(rf"{HIGH}(?!{LOW})|(?<!{HIGH}){LOW}")
REPLACEMENT_ESCAPE = "\\ufffd"
SURROGATE_CHARACTER = re.compile("[\ud800-\udfff]")


def repaired(value: str, *, is_json: bool) -> str:
    """`value` with every lone surrogate (a character, or an escape in JSON) replaced."""
    text = SURROGATE_CHARACTER.sub("\ufffd", value)
    if LONE_SURROGATE_ESCAPE.search(text) and (is_json or _is_json(text)):
        text = LONE_SURROGATE_ESCAPE.sub(lambda _: REPLACEMENT_ESCAPE, text)
    return text


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def repair_invalid_text(connection: Connection) -> int:
    """Repair every text and JSON column of every table; returns how many values changed."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    changed = 0
    for table in metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if not keys:
            continue
        for column in table.columns:
            if isinstance(column.type, sa.JSON | sa.String) and column not in keys:
                changed += _repair_column(connection, table, keys, column)
    return changed


def _repair_column(connection: Connection, table: sa.Table, keys: list, column: Any) -> int:
    is_json = isinstance(column.type, sa.JSON)
    as_text = sa.cast(column, sa.Text) if is_json else column
    rows = connection.execute(sa.select(*keys, as_text.label("value")).where(column.is_not(None)))
    fixes = []
    for row in rows:
        value = row.value
        if isinstance(value, str) and (fixed := repaired(value, is_json=is_json)) != value:
            fixes.append(({k.name: row._mapping[k.name] for k in keys}, fixed))
    for key, fixed in fixes:
        cast = is_json and connection.dialect.name != "sqlite"  # SQLite keeps JSON as text
        as_text = sa.literal(fixed, sa.Text)  # bound as it is, never re-encoded as JSON
        new_value = sa.cast(as_text, column.type) if cast else as_text
        where = sa.and_(*(table.c[name] == value for name, value in key.items()))
        connection.execute(sa.update(table).where(where).values({column.name: new_value}))
    return len(fixes)
