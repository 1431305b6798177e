from __future__ import annotations

import pytest

from pathways.mentoring.domain import (
    MatchingContext,
    MatchingWeights,
    NonAssociations,
    greedy_assignment,
    optimal_assignment,
)
from pathways.platform.errors import InvalidInput


def test_optimal_beats_first_come_first_served(make_mentor, make_mentee) -> None:
    """The oldest referral would take X under greedy and leave the next mentee stranded."""
    x = make_mentor(wing="A", capacity=1)
    y = make_mentor(wing="B", capacity=1)
    first = make_mentee(wing="A", referred_minutes_ago=90)
    second = make_mentee(wing="A", referred_minutes_ago=30)
    register = NonAssociations()
    register.record(y.person_id, second.person_id)
    context = MatchingContext(non_associations=register)

    greedy = greedy_assignment([x, y], [first, second], context)
    optimal = optimal_assignment([x, y], [first, second], context)

    assert {(p.mentor_id, p.mentee_person_id) for p in greedy.pairs} == {
        (x.mentor_id, first.person_id)
    }
    assert greedy.waiting == (second.person_id,)
    assert {(p.mentor_id, p.mentee_person_id) for p in optimal.pairs} == {
        (y.mentor_id, first.person_id),
        (x.mentor_id, second.person_id),
    }
    assert optimal.waiting == ()
    assert optimal.total_score > greedy.total_score


def test_capacity_includes_current_load(make_mentor, make_mentee) -> None:
    mentor = make_mentor(capacity=3)
    mentees = [make_mentee(referred_minutes_ago=m) for m in (50, 40, 30, 20)]
    context = MatchingContext(loads={mentor.mentor_id: 1})
    result = optimal_assignment([mentor], mentees, context)
    assert len(result.pairs) == 2
    # the oldest referrals are served, each explained with the load it adds to
    assert [p.mentee_person_id for p in result.pairs] == [m.person_id for m in mentees[:2]]
    assert ["load 1/3" in p.explanation for p in result.pairs] == [True, False]
    assert "load 2/3" in result.pairs[1].explanation
    assert result.waiting == (mentees[2].person_id, mentees[3].person_id)


def test_load_spreads_mentees_between_equal_mentors(make_mentor, make_mentee) -> None:
    mentors = [make_mentor(), make_mentor()]
    result = optimal_assignment(mentors, [make_mentee(), make_mentee()])
    assert {p.mentor_id for p in result.pairs} == {m.mentor_id for m in mentors}


def test_each_prison_is_matched_on_its_own(make_mentor, make_mentee) -> None:
    bai, wwi = make_mentor(prison_code="BAI"), make_mentor(prison_code="WWI")
    mentees = [make_mentee(prison_code="WWI"), make_mentee(prison_code="BAI")]
    result = optimal_assignment([bai, wwi], mentees)
    assert {(p.prison_code, p.mentor_id) for p in result.pairs} == {
        ("BAI", bai.mentor_id),
        ("WWI", wwi.mentor_id),
    }


def test_mentees_without_a_known_prison_or_not_waiting(make_mentor, make_mentee) -> None:
    unknown, matched = make_mentee(prison_code=None), make_mentee()
    matched.matched()
    result = optimal_assignment([make_mentor()], [unknown, matched])
    assert result.pairs == () and result.waiting == (unknown.person_id,)


@pytest.mark.parametrize("assign", [optimal_assignment, greedy_assignment])
def test_empty_inputs(assign, make_mentor, make_mentee) -> None:
    assert assign([], []).pairs == ()
    lonely = make_mentee()
    assert assign([], [lonely]).waiting == (lonely.person_id,)
    assert assign([make_mentor()], []).pairs == ()
    full = make_mentor(capacity=1)
    result = assign([full], [lonely], MatchingContext(loads={full.mentor_id: 1}))
    assert result.waiting == (lonely.person_id,)


def test_a_mentee_waits_rather_than_take_a_losing_pair(make_mentor, make_mentee) -> None:
    """With the load penalty above the eligible points, a busy mentor is worth less than 0."""
    mentor = make_mentor(wing="B", lived_experience=[], availability=[])
    weights = MatchingWeights(eligible=0.5, load=3.0)
    context = MatchingContext(loads={mentor.mentor_id: 2})
    for assign in (optimal_assignment, greedy_assignment):
        assert assign([mentor], [make_mentee()], context, weights).pairs == ()


def test_pairs_carry_score_and_explanation(make_mentor, make_mentee) -> None:
    mentor, mentee = make_mentor(), make_mentee()
    [pair] = optimal_assignment([mentor], [mentee]).pairs
    assert (pair.mentor_person_id, pair.mentee_person_id) == (mentor.person_id, mentee.person_id)
    assert pair.explanation.startswith("eligible (+2.0); same wing A (+3.0)")
    assert pair.score == pytest.approx(2 + 3 + 2 + 1 / 3)  # wing, opiates, 1 of 3 slots


def test_duplicate_ids_are_refused(make_mentor, make_mentee) -> None:
    mentee = make_mentee()
    with pytest.raises(InvalidInput) as error:
        optimal_assignment([make_mentor()], [mentee, mentee])
    assert error.value.code == "duplicate_id" and str(mentee.person_id) in error.value.message
