"""A match as the unit tests need one (importable: conftest puts this folder on the path)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from pathways.mentoring.domain import Match


def build_match(
    at: datetime,
    *,
    mentor_id: UUID | None = None,
    mentor_person_id: UUID | None = None,
    mentee_person_id: UUID | None = None,
    score: float = 1.0,
    explanation: str = "",
    approved: bool = False,
) -> Match:
    """A match proposed at BAI at `at` (approved at once if `approved`)."""
    match = Match.propose(
        mentor_id=mentor_id or uuid4(),
        mentor_person_id=mentor_person_id or uuid4(),
        mentee_person_id=mentee_person_id or uuid4(),
        prison_code="BAI",
        score=score,
        explanation=explanation,
        at=at,
    )
    if approved:
        match.approve(at)
    return match
