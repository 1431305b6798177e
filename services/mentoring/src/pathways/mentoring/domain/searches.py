"""What a staff list of mentors or of matches holds: the filters, each applied when given."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class MentorSearch:
    """Mentors of `prison_code` and `status`, within `prisons` (the caller's caseload;
    None: every prison)."""

    prison_code: str | None = None
    status: str | None = None
    prisons: frozenset[str] | None = None


@dataclass(frozen=True)
class MatchSearch:
    """Matches of a person (as mentee or as mentor), of a prison and of a status."""

    person_id: UUID | None = None
    prison_code: str | None = None
    status: str | None = None
