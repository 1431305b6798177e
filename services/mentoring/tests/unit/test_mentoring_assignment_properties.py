"""Property-based tests: the optimal assignment never breaks a hard rule or a capacity,
is never worse than greedy, and equals a brute-force optimum on small cohorts."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.mentoring.domain import (
    MatchingContext,
    MatchingResult,
    MatchingWeights,
    Mentee,
    MenteeStatus,
    Mentor,
    MentorStatus,
    NonAssociations,
    Qualification,
    Slot,
    exclusions,
    greedy_assignment,
    optimal_assignment,
    score_pair,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PRISONS = ["BAI", "WWI"]
WINGS = ["A", "B", None]
LANGUAGES = ["English", "Polish", "Urdu"]
SUBSTANCES = ["opiates", "crack", "alcohol"]
STATUSES = [MentorStatus.ACTIVE] * 4 + [
    MentorStatus.QUALIFIED,
    MentorStatus.SUSPENDED,
    MentorStatus.IN_TRAINING,
]

Cohort = tuple[list[Mentor], list[Mentee], MatchingContext, MatchingWeights]


def _set(draw: st.DrawFn, items: list) -> frozenset:
    return frozenset(draw(st.sets(st.sampled_from(items))))


@st.composite
def cohorts(draw: st.DrawFn, max_mentors: int, max_mentees: int) -> Cohort:
    mentors = []
    for i in range(draw(st.integers(0, max_mentors))):
        status = draw(st.sampled_from(STATUSES))
        qualified = status is not MentorStatus.IN_TRAINING and draw(st.integers(0, 9)) > 0
        mentors.append(
            Mentor(
                mentor_id=UUID(int=1000 + i),
                person_id=UUID(int=1 + i),
                prison_code=draw(st.sampled_from(PRISONS)),
                cohort=None,
                wing=draw(st.sampled_from(WINGS)),
                languages=_set(draw, LANGUAGES),
                lived_experience=_set(draw, SUBSTANCES),
                availability=_set(draw, list(Slot)),
                capacity=draw(st.integers(1, 3)),
                status=status,
                qualification=Qualification("OCN", date(2026, 1, 1)) if qualified else None,
            )
        )
    mentees = []
    for j in range(draw(st.integers(0, max_mentees))):
        # sometimes the mentee is a mentor too (the "same person" rule)
        same = j < len(mentors) and draw(st.integers(0, 9)) == 0
        mentees.append(
            Mentee(
                person_id=mentors[j].person_id if same else UUID(int=100 + j),
                referred_at=NOW + timedelta(minutes=draw(st.integers(0, 20))),
                prison_code=draw(st.sampled_from([*PRISONS, None])),
                wing=draw(st.sampled_from(WINGS)),
                substances=_set(draw, SUBSTANCES),
                languages=_set(draw, LANGUAGES),
                availability=_set(draw, list(Slot)),
                status=draw(st.sampled_from([MenteeStatus.WAITING] * 5 + [MenteeStatus.MATCHED])),
            )
        )
    people = sorted({m.person_id for m in mentors} | {e.person_id for e in mentees}, key=str)
    pair_lists = st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people)), max_size=4)
    register, barred = NonAssociations(), set()
    if len(people) > 1:
        for first, second in draw(pair_lists):
            if first != second and not register.forbids(first, second):
                register.record(first, second)
        barred = {frozenset(p) for p in draw(pair_lists) if p[0] != p[1]}
    loads = {m.mentor_id: draw(st.integers(0, 3)) for m in mentors}
    weight = st.floats(0, 5, allow_nan=False)
    weights = draw(st.builds(MatchingWeights, weight, weight, weight, weight, weight, weight))
    return mentors, mentees, MatchingContext(loads, register, frozenset(barred)), weights


def _check_valid(result: MatchingResult, cohort: Cohort) -> None:
    mentors, mentees, context, _ = cohort
    mentor_by_id = {m.mentor_id: m for m in mentors}
    mentee_by_id = {e.person_id: e for e in mentees if e.is_waiting}
    for pair in result.pairs:
        mentor, mentee = mentor_by_id[pair.mentor_id], mentee_by_id[pair.mentee_person_id]
        assert exclusions(mentor, mentee, context) == []
        assert pair.score > 0
    per_mentor = Counter(pair.mentor_id for pair in result.pairs)
    for mentor_id, count in per_mentor.items():
        mentor = mentor_by_id[mentor_id]
        assert count <= mentor.remaining_capacity(context.load_of(mentor))
    matched = [pair.mentee_person_id for pair in result.pairs]
    assert len(matched) == len(set(matched))
    assert set(matched).isdisjoint(result.waiting)
    assert set(matched) | set(result.waiting) == set(mentee_by_id)


@settings(max_examples=120, deadline=None)
@given(cohorts(max_mentors=8, max_mentees=14))
def test_optimal_keeps_every_rule_and_is_never_worse_than_greedy(cohort: Cohort) -> None:
    optimal, greedy = optimal_assignment(*cohort), greedy_assignment(*cohort)
    _check_valid(optimal, cohort)
    _check_valid(greedy, cohort)
    assert optimal.total_score >= greedy.total_score - 1e-6


def _brute_force_best(cohort: Cohort) -> float:
    """Try every way to give each waiting mentee a mentor or none; best total score."""
    mentors, mentees, context, weights = cohort
    waiting = sorted(
        (e for e in mentees if e.is_waiting), key=lambda e: (e.referred_at, str(e.person_id))
    )
    best = 0.0
    for choice in itertools.product([None, *mentors], repeat=len(waiting)):
        taken: Counter = Counter()
        total = 0.0
        for mentee, mentor in zip(waiting, choice, strict=True):
            if mentor is None:
                continue
            if exclusions(mentor, mentee, context):
                break
            rank = taken[mentor.mentor_id]
            if rank >= mentor.remaining_capacity(context.load_of(mentor)):
                break
            taken[mentor.mentor_id] += 1
            total += score_pair(mentor, mentee, context.load_of(mentor) + rank, weights).score
        else:
            best = max(best, total)
    return best


@settings(max_examples=100, deadline=None)
@given(cohorts(max_mentors=3, max_mentees=4))
def test_optimal_equals_brute_force_on_small_cohorts(cohort: Cohort) -> None:
    assert abs(optimal_assignment(*cohort).total_score - _brute_force_best(cohort)) < 1e-6
