"""Bounded input types for every staff API: request-body fields and query parameters.
Text is valid Unicode (no lone surrogates) and capped per field, integers stay far inside
a 64-bit column, numbers are finite, lists are short. Each limit shows in OpenAPI."""

from __future__ import annotations

from datetime import date, datetime
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
SmallInt = BoundedInt(-10_000, 10_000)  # a score or day count whose exact range the domain checks
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


def _in_range_moment(moment: datetime) -> datetime:
    """Refuse a moment outside 1000-9000 (then its UTC conversion cannot overflow either)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"the moment must fall between {FIRST_YEAR} and {LAST_YEAR}")
    return moment


# Calendar days and moments: from year 1000 to 9000, far from the limits of Python's date
# arithmetic (a due date weeks after 9999-12-31 overflows). The domain checks the real rules
# (not in the future, not before an earlier fact) and says what is wrong.
FIRST_YEAR, LAST_YEAR = 1000, 9000
Day = Annotated[date, Field(ge=date(FIRST_YEAR, 1, 1), le=date(LAST_YEAR, 12, 31))]
Moment = Annotated[datetime, AfterValidator(_in_range_moment)]
