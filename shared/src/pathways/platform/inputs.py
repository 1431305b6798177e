"""Bounded input types for every staff API: request-body fields and query parameters.
Text is valid Unicode (no lone surrogates) and capped per field, integers stay far inside
a 64-bit column, numbers are finite, lists are short. Each limit shows in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, Field, StringConstraints

MAX_INT = 2**31 - 1  # any id, count or offset: well inside SQLite's and PostgreSQL's integers
MAX_OFFSET = 1_000_000
MAX_NUMBER = 1e9


def valid_unicode(value: str) -> str:
    """Refuse text that cannot be stored or sent as UTF-8 (a lone surrogate like "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (it holds a lone surrogate)") from None
    return value


def BoundedText(max_length: int, *, min_length: int = 0, pattern: str | None = None) -> Any:
    """`str` of at most `max_length` characters, valid Unicode."""
    constraints = StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern)
    return Annotated[str, constraints, AfterValidator(valid_unicode)]


def BoundedInt(ge: int = 0, le: int = MAX_INT) -> Any:
    """`int` within [ge, le] (default: 0 to 2^31-1)."""
    return Annotated[int, Field(ge=ge, le=le)]


def BoundedList(item: Any, max_length: int, *, min_length: int = 0) -> Any:
    """`list[item]` of at most `max_length` items."""
    return Annotated[list[item], Field(min_length=min_length, max_length=max_length)]


# Text fields, by what they hold.
Code = BoundedText(60)  # a code or reason, e.g. parole_refused
ShortText = BoundedText(100)  # a prison code, wing, category, username, area
Name = BoundedText(200)  # a person's or organisation's name
Line = BoundedText(500)  # a phone, email, address, scope or one-line reason
Note = BoundedText(10_000)  # free-text notes and details

Count = BoundedInt()
FiniteFloat = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]

# Query parameters.
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]


def limit_query(maximum: int = 500) -> Any:
    """A page-size query parameter of 1 to `maximum`: `limit: Limit = 50`."""
    return Annotated[int, Query(ge=1, le=maximum, description="Page size")]


def text_query(max_length: int = 100, **extra: Any) -> Any:
    """A text query parameter of at most `max_length` characters, valid Unicode."""
    return Annotated[
        str | None, Query(max_length=max_length, **extra), AfterValidator(_optional_unicode)
    ]


def _optional_unicode(value: str | None) -> str | None:
    return None if value is None else valid_unicode(value)
