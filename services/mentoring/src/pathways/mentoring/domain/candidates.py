"""Every candidate mentor for one mentee, with its score, explanation and exclusions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from pathways.mentoring.domain.mentee import Mentee
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.rules import Exclusion, MatchingContext, describe, exclusions
from pathways.mentoring.domain.scoring import MatchingWeights, score_pair


@dataclass(frozen=True)
class Candidate:
    mentor_id: UUID
    score: float
    explanation: str
    exclusions: tuple[Exclusion, ...]  # empty: the pair may be matched
    exclusion_reasons: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.exclusions


def candidates_for(
    mentee: Mentee,
    mentors: Iterable[Mentor],
    context: MatchingContext | None = None,
    weights: MatchingWeights | None = None,
) -> list[Candidate]:
    """Rank mentors for `mentee`: allowed ones first, best score first (for staff review)."""
    context = context or MatchingContext()
    ranked = []
    for mentor in mentors:
        found = exclusions(mentor, mentee, context)
        scored = score_pair(mentor, mentee, context.load_of(mentor), weights)
        reasons = tuple(describe(x, mentor, mentee, context) for x in found)
        ranked.append(
            Candidate(mentor.mentor_id, scored.score, scored.explanation, tuple(found), reasons)
        )
    return sorted(ranked, key=lambda c: (not c.allowed, -c.score, str(c.mentor_id)))
