"""Assigning waiting mentees to mentors: optimal over the whole cohort, and greedy (FCFS).

Both work prison by prison (no pair crosses a prison), honour every hard rule and each
mentor's remaining capacity, and score a mentor's k-th new mentee with load `load + k`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from pathways.mentoring.domain.mentee import Mentee
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.rules import MatchingContext
from pathways.mentoring.domain.score_matrix import pair_matrix
from pathways.mentoring.domain.scoring import MatchingWeights, score_pair
from pathways.mentoring.domain.solvers import Solver, solve_greedy, solve_optimal
from pathways.platform.errors import InvalidInput


@dataclass(frozen=True)
class ProposedPair:
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    prison_code: str
    score: float
    explanation: str


@dataclass(frozen=True)
class MatchingResult:
    pairs: tuple[ProposedPair, ...]
    waiting: tuple[UUID, ...]  # person ids of waiting mentees left unmatched, oldest first

    @property
    def total_score(self) -> float:
        return sum(pair.score for pair in self.pairs)


def _require_unique(what: str, ids: list[UUID]) -> None:
    if len(set(ids)) != len(ids):
        repeated = sorted({str(i) for i in ids if ids.count(i) > 1})
        raise InvalidInput(
            f"{what} given more than once: {', '.join(repeated)}", code="duplicate_id"
        )


def _by_prison(
    mentors: Iterable[Mentor], mentees: Iterable[Mentee]
) -> tuple[dict[str, tuple[list[Mentor], list[Mentee]]], list[Mentee]]:
    """Waiting mentees (oldest referral first) and mentors grouped per prison."""
    mentors, mentees = list(mentors), list(mentees)
    _require_unique("mentor id", [m.mentor_id for m in mentors])
    _require_unique("mentee person id", [e.person_id for e in mentees])
    blocks: dict[str, tuple[list[Mentor], list[Mentee]]] = defaultdict(lambda: ([], []))
    waiting = sorted(
        (e for e in mentees if e.is_waiting), key=lambda e: (e.referred_at, str(e.person_id))
    )
    for mentee in waiting:
        if mentee.prison_code is not None:
            blocks[mentee.prison_code][1].append(mentee)
    for mentor in sorted(mentors, key=lambda m: str(m.mentor_id)):
        if mentor.prison_code in blocks:
            blocks[mentor.prison_code][0].append(mentor)
    return blocks, waiting


def _result(
    chosen: dict[int, list[int]],
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    context: MatchingContext,
    weights: MatchingWeights,
) -> list[ProposedPair]:
    """Explain chosen pairs; a mentor's new mentees take loads load, load+1, ... in order."""
    pairs = []
    for row, cols in chosen.items():
        mentor = mentors[row]
        for rank, col in enumerate(sorted(cols)):
            mentee = mentees[col]
            scored = score_pair(mentor, mentee, context.load_of(mentor) + rank, weights)
            pairs.append(
                ProposedPair(
                    mentor.mentor_id,
                    mentor.person_id,
                    mentee.person_id,
                    mentor.prison_code,
                    scored.score,
                    scored.explanation,
                )
            )
    return pairs


def _assign(
    solve: Solver,
    mentors: Iterable[Mentor],
    mentees: Iterable[Mentee],
    context: MatchingContext | None,
    weights: MatchingWeights | None,
) -> MatchingResult:
    context, weights = context or MatchingContext(), weights or MatchingWeights()
    blocks, waiting = _by_prison(mentors, mentees)
    pairs: list[ProposedPair] = []
    for block_mentors, block_mentees in blocks.values():
        if block_mentors:
            block = pair_matrix(block_mentors, block_mentees, context, weights)
            chosen = solve(block, weights)
            pairs += _result(chosen, block_mentors, block_mentees, context, weights)
    matched = {pair.mentee_person_id for pair in pairs}
    still_waiting = tuple(e.person_id for e in waiting if e.person_id not in matched)
    return MatchingResult(tuple(pairs), still_waiting)


def optimal_assignment(
    mentors: Iterable[Mentor],
    mentees: Iterable[Mentee],
    context: MatchingContext | None = None,
    weights: MatchingWeights | None = None,
) -> MatchingResult:
    """Best total score over the whole waiting cohort (scipy's linear_sum_assignment).

    Only waiting mentees are considered; `context` gives current loads, non-associations
    and pairs that ended badly. Mentees with no allowed, positive-scoring mentor stay waiting.
    """
    return _assign(solve_optimal, mentors, mentees, context, weights)


def greedy_assignment(
    mentors: Iterable[Mentor],
    mentees: Iterable[Mentee],
    context: MatchingContext | None = None,
    weights: MatchingWeights | None = None,
) -> MatchingResult:
    """First come, first served (for comparison only): same rules, same scores."""
    return _assign(solve_greedy, mentors, mentees, context, weights)
