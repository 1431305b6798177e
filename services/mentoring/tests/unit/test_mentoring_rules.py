"""Each hard exclusion, in the rule check, in `ensure_pair`, and in both assignments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from mentoring_builders import build_match

from pathways.mentoring.domain import (
    Exclusion,
    Match,
    MatchingContext,
    Mentee,
    Mentor,
    MentorStatus,
    NonAssociations,
    ensure_pair,
    exclusions,
    greedy_assignment,
    optimal_assignment,
)
from pathways.platform.errors import Conflict, InvalidInput

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Case = tuple[Mentor, Mentee, MatchingContext]


def _case(make_mentor, make_mentee, exclusion: Exclusion) -> Case:
    """A pair that breaks exactly one hard rule."""
    mentor, mentee, context = make_mentor(), make_mentee(), MatchingContext()
    match exclusion:
        case Exclusion.SAME_PERSON:
            mentee = make_mentee(person_id=mentor.person_id)
        case Exclusion.DIFFERENT_PRISON:
            mentee = make_mentee(prison_code="WWI")
        case Exclusion.MENTOR_NOT_QUALIFIED:
            mentor = make_mentor(status=MentorStatus.IN_TRAINING)
            mentor.status = MentorStatus.ACTIVE  # even if the status were wrong, no award
        case Exclusion.MENTOR_NOT_ACTIVE:
            mentor = make_mentor(status=MentorStatus.SUSPENDED)
        case Exclusion.MENTOR_AT_CAPACITY:
            context = MatchingContext(loads={mentor.mentor_id: 3})
        case Exclusion.NON_ASSOCIATION:
            register = NonAssociations()
            register.record(mentee.person_id, mentor.person_id)
            context = MatchingContext(non_associations=register)
        case Exclusion.ENDED_BADLY_BEFORE:
            earlier = Match.propose(
                mentor_id=uuid4(),  # the same person under an earlier enrolment
                mentor_person_id=mentor.person_id,
                mentee_person_id=mentee.person_id,
                prison_code="BAI",
                score=1.0,
                explanation="",
                at=AT,
            )
            earlier.approve(AT)
            earlier.end("safeguarding", AT)
            context = MatchingContext.from_matches([earlier])
        case Exclusion.MENTEE_NOT_WAITING:
            mentee.matched()
        case Exclusion.NO_CONSENT:
            mentee.consent_withdrawn()
    return mentor, mentee, context


@pytest.mark.parametrize("exclusion", list(Exclusion))
def test_each_hard_rule_is_reported_alone(make_mentor, make_mentee, exclusion) -> None:
    mentor, mentee, context = _case(make_mentor, make_mentee, exclusion)
    assert exclusions(mentor, mentee, context) == [exclusion]


@pytest.mark.parametrize("exclusion", list(Exclusion))
def test_ensure_pair_raises_a_coded_error(make_mentor, make_mentee, exclusion) -> None:
    mentor, mentee, context = _case(make_mentor, make_mentee, exclusion)
    expected = (
        InvalidInput
        if exclusion in (Exclusion.SAME_PERSON, Exclusion.DIFFERENT_PRISON)
        else Conflict
    )
    with pytest.raises(expected) as error:
        ensure_pair(mentor, mentee, context)
    assert error.value.code == exclusion.value and error.value.message


@pytest.mark.parametrize("assign", [optimal_assignment, greedy_assignment])
@pytest.mark.parametrize("exclusion", list(Exclusion))
def test_assignments_never_make_an_excluded_pair(
    make_mentor, make_mentee, exclusion, assign: Callable
) -> None:
    mentor, mentee, context = _case(make_mentor, make_mentee, exclusion)
    result = assign([mentor], [mentee], context)
    assert result.pairs == ()
    off_the_list = (Exclusion.MENTEE_NOT_WAITING, Exclusion.NO_CONSENT)
    expected = () if exclusion in off_the_list else (mentee.person_id,)
    assert result.waiting == expected


def test_an_allowed_pair_passes(make_mentor, make_mentee) -> None:
    mentor, mentee = make_mentor(), make_mentee()
    assert exclusions(mentor, mentee, MatchingContext()) == []
    ensure_pair(mentor, mentee, MatchingContext())
    assert len(optimal_assignment([mentor], [mentee]).pairs) == 1


def test_messages_say_what_is_wrong(make_mentor, make_mentee) -> None:
    mentor, mentee, context = _case(make_mentor, make_mentee, Exclusion.DIFFERENT_PRISON)
    with pytest.raises(InvalidInput, match="mentor is at BAI but mentee is at WWI"):
        ensure_pair(mentor, mentee, context)
    mentor, mentee, context = _case(make_mentor, make_mentee, Exclusion.MENTOR_AT_CAPACITY)
    with pytest.raises(Conflict, match=r"at capacity \(3/3\)"):
        ensure_pair(mentor, mentee, context)


def test_context_from_matches_counts_open_matches_and_bad_endings(make_mentor) -> None:
    mentor = make_mentor()

    def match(end: str | None, approve: bool = True) -> Match:
        m = build_match(
            AT, mentor_id=mentor.mentor_id, mentor_person_id=mentor.person_id, approved=approve
        )
        if end:
            m.end(end, AT)
        return m

    history = [
        match(None),
        match(None, approve=False),
        match("completed"),
        match("mentee_declined"),
    ]
    context = MatchingContext.from_matches(history)
    assert context.load_of(mentor) == 2
    assert context.barred_pairs == {frozenset((mentor.person_id, history[3].mentee_person_id))}
