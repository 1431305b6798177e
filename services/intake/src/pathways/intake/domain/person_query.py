"""What a list of people asks for: filters and a page (the repositories answer it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """Filters for listing people (all optional) and the page wanted."""

    prison_number: str | None = None
    prison_code: str | None = None
    status: str | None = None
    prisons: frozenset[str] | None = None  # the caller's caseload; None: every prison
    limit: int = 50
    offset: int = 0
