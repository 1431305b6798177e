from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from mentoring_builders import build_match

from pathways.mentoring.domain import (
    EndReason,
    Match,
    MatchEnding,
    MenteeStatus,
    MentorStatus,
    MentorStatusReason,
    Trigger,
    plan,
    plan_for_consent_withdrawn,
    plan_for_release,
    plan_for_transfer,
    trigger_for_mentor,
    waits_again,
)

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def match(mentor_person: UUID, mentee_person: UUID, *, approved: bool = True) -> Match:
    return build_match(
        AT, mentor_person_id=mentor_person, mentee_person_id=mentee_person, approved=approved
    )


def test_released_mentee_ends_their_match_without_requeue() -> None:
    mentee = uuid4()
    mine, other = match(uuid4(), mentee), match(uuid4(), uuid4())
    result = plan(Trigger.MENTEE_RELEASED, mentee, [mine, other])
    assert result.endings == (MatchEnding(mine.match_id, EndReason.MENTEE_RELEASED),)
    assert result.back_to_waiting == ()


@pytest.mark.parametrize(
    "trigger",
    [
        Trigger.MENTOR_RELEASED,
        Trigger.MENTOR_TRANSFERRED,
        Trigger.MENTOR_SUSPENDED,
        Trigger.MENTOR_LEFT,
    ],
)
def test_mentor_events_end_all_their_matches_and_requeue_mentees(trigger: Trigger) -> None:
    mentor = uuid4()
    active, pending = match(mentor, uuid4()), match(mentor, uuid4(), approved=False)
    elsewhere = match(uuid4(), uuid4())
    result = plan(trigger, mentor, [active, pending, elsewhere])
    assert {e.match_id for e in result.endings} == {active.match_id, pending.match_id}
    assert {e.reason.value for e in result.endings} == {trigger.value}
    assert set(result.back_to_waiting) == {active.mentee_person_id, pending.mentee_person_id}


def test_applying_a_plan_is_idempotent(make_mentee) -> None:
    mentor = uuid4()
    mentee = make_mentee()
    mentee.matched()
    m = match(mentor, mentee.person_id)
    first = plan_for_release(mentor, [m])
    first.apply({m.match_id: m}, {mentee.person_id: mentee}, AT)
    assert m.end_reason is EndReason.MENTOR_RELEASED and mentee.status is MenteeStatus.WAITING
    assert plan_for_release(mentor, [m]).endings == ()  # a redelivered release ends nothing


def test_release_covers_both_roles() -> None:
    person = uuid4()
    as_mentee, as_mentor = match(uuid4(), person), match(person, uuid4())
    result = plan_for_release(person, [as_mentee, as_mentor])
    assert {(e.match_id, e.reason) for e in result.endings} == {
        (as_mentee.match_id, EndReason.MENTEE_RELEASED),
        (as_mentor.match_id, EndReason.MENTOR_RELEASED),
    }
    assert result.back_to_waiting == (as_mentor.mentee_person_id,)


def test_transfer_covers_both_roles() -> None:
    person = uuid4()
    as_mentee, as_mentor = match(uuid4(), person), match(person, uuid4())
    result = plan_for_transfer(person, [as_mentee, as_mentor])
    assert {e.reason for e in result.endings} == {
        EndReason.MENTEE_TRANSFERRED,
        EndReason.MENTOR_TRANSFERRED,
    }
    assert result.back_to_waiting == (as_mentor.mentee_person_id,)


def test_ended_matches_are_left_alone() -> None:
    mentor = uuid4()
    m = match(mentor, uuid4())
    m.end("completed", AT)
    assert plan(Trigger.MENTOR_LEFT, mentor, [m]).endings == ()


@pytest.mark.parametrize(
    ("status", "reason", "trigger"),
    [
        (MentorStatus.SUSPENDED, MentorStatusReason.CONDUCT, Trigger.MENTOR_SUSPENDED),
        (MentorStatus.LEFT, MentorStatusReason.RELEASED, Trigger.MENTOR_RELEASED),
        (MentorStatus.LEFT, MentorStatusReason.TRANSFERRED, Trigger.MENTOR_TRANSFERRED),
        (MentorStatus.LEFT, MentorStatusReason.OWN_REQUEST, Trigger.MENTOR_LEFT),
        (MentorStatus.ACTIVE, MentorStatusReason.REINSTATED, None),
    ],
)
def test_trigger_for_mentor_status(status, reason, trigger) -> None:
    assert trigger_for_mentor(status, reason) is trigger


def test_which_endings_put_the_mentee_back_in_the_queue() -> None:
    assert waits_again(EndReason.MENTOR_SUSPENDED) and waits_again(EndReason.SAFEGUARDING)
    assert waits_again(EndReason.MENTEE_DECLINED) and waits_again(EndReason.NOT_APPROVED)
    assert not waits_again(EndReason.COMPLETED)
    assert not waits_again(EndReason.MENTEE_RELEASED)
    assert not waits_again(EndReason.MENTEE_TRANSFERRED)


def test_withdrawn_consent_ends_open_matches_as_mentee_only_and_requeues_nobody() -> None:
    person = uuid4()
    as_mentee, as_mentor = match(uuid4(), person), match(person, uuid4())
    proposed = match(uuid4(), person, approved=False)
    ended = match(uuid4(), person)
    ended.end("completed", AT)
    result = plan_for_consent_withdrawn(person, [as_mentee, as_mentor, proposed, ended])
    assert {(e.match_id, e.reason) for e in result.endings} == {
        (as_mentee.match_id, EndReason.CONSENT_WITHDRAWN),
        (proposed.match_id, EndReason.CONSENT_WITHDRAWN),
    }
    assert result.back_to_waiting == () and not waits_again(EndReason.CONSENT_WITHDRAWN)
