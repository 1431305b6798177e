"""Vectorised scoring of a block of pairs (one prison): the numbers `score_pair` gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

import numpy as np

from pathways.mentoring.domain.mentee import Mentee
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.rules import MatchingContext
from pathways.mentoring.domain.scoring import MatchingWeights
from pathways.mentoring.domain.vocabulary import ALL_SLOTS, MentorStatus

FloatArray = np.ndarray


@dataclass(frozen=True)
class PairMatrix:
    """Rows are mentors, columns mentees.

    `score` excludes the load term (it depends on how many mentees a run gives a mentor);
    `allowed` applies every hard rule; `load`/`capacity` are per mentor.
    """

    score: FloatArray
    allowed: np.ndarray
    load: np.ndarray
    capacity: np.ndarray


def _one_hot(
    left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]
) -> tuple[FloatArray, FloatArray]:
    """Encode two lists of sets over their joint vocabulary (rows: items, columns: words)."""
    vocabulary = {word: i for i, word in enumerate(sorted(set().union(*left, *right)))}

    def encode(sets: Sequence[frozenset[str]]) -> FloatArray:
        out = np.zeros((len(sets), max(len(vocabulary), 1)))
        for row, words in enumerate(sets):
            out[row, [vocabulary[word] for word in words]] = 1.0
        return out

    return encode(left), encode(right)


def _column(items: Sequence[object], name: str) -> np.ndarray:
    return np.array([getattr(item, name) for item in items], dtype=object)


def _overlap(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> FloatArray:
    """Count of shared words for every (left, right) pair."""
    a, b = _one_hot(left, right)
    return a @ b.T


def _forbid_pairs(
    allowed: np.ndarray,
    pairs: Iterable[frozenset[UUID]],
    mentor_rows: dict[UUID, list[int]],
    mentee_cols: dict[UUID, int],
) -> None:
    for pair in pairs:
        first, second = tuple(pair)
        for mentor_person, mentee_person in ((first, second), (second, first)):
            col = mentee_cols.get(mentee_person)
            if col is not None:
                for row in mentor_rows.get(mentor_person, ()):
                    allowed[row, col] = False


def pair_matrix(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    context: MatchingContext,
    weights: MatchingWeights,
) -> PairMatrix:
    """Score and check every pair of `mentors` x `mentees` at once."""
    w = weights
    wings_m, wings_e = _column(mentors, "wing"), _column(mentees, "wing")
    known_wing = np.array([m.wing is not None for m in mentors], dtype=bool)
    same_wing = (wings_m[:, None] == wings_e[None, :]) & known_wing[:, None]
    shared_language = _overlap([m.languages for m in mentors], [e.languages for e in mentees]) > 0
    lived = _overlap([m.lived_experience for m in mentors], [e.substances for e in mentees])
    substance_count = np.array([len(e.substances) for e in mentees], dtype=float)
    lived_share = np.divide(lived, substance_count, out=np.zeros_like(lived), where=lived > 0)
    wanted = [e.availability or ALL_SLOTS for e in mentees]
    available = _overlap([m.availability for m in mentors], wanted)
    available_share = available / np.array([len(s) for s in wanted], dtype=float)
    score = (
        w.eligible
        + w.same_wing * same_wing
        + w.shared_language * shared_language
        + w.lived_experience * lived_share
        + w.availability * available_share
    )

    load = np.array([context.load_of(m) for m in mentors], dtype=int)
    capacity = np.array([m.capacity for m in mentors], dtype=int)
    mentor_ok = np.array(
        [m.is_qualified and m.status is MentorStatus.ACTIVE for m in mentors], dtype=bool
    )
    allowed = (
        (_column(mentors, "prison_code")[:, None] == _column(mentees, "prison_code")[None, :])
        & (mentor_ok & (load < capacity))[:, None]
        & np.array([e.is_waiting for e in mentees], dtype=bool)[None, :]
    )
    mentor_rows: dict[UUID, list[int]] = {}
    for row, mentor in enumerate(mentors):
        mentor_rows.setdefault(mentor.person_id, []).append(row)
    mentee_cols = {mentee.person_id: col for col, mentee in enumerate(mentees)}
    for person, rows in mentor_rows.items():  # a person cannot mentor themselves
        if (col := mentee_cols.get(person)) is not None:
            allowed[rows, col] = False
    _forbid_pairs(allowed, context.non_associations, mentor_rows, mentee_cols)
    _forbid_pairs(allowed, context.barred_pairs, mentor_rows, mentee_cols)
    return PairMatrix(np.asarray(score, dtype=float), allowed, load, capacity)
