"""Custody journeys as properties: any sequence of transfers, releases, receptions (recalls)
and wing moves, applied as the service applies them, leaves a mentor and a mentee where a
plain reference model says — and never in a state no later event can leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways.mentoring.domain import (
    Match,
    MenteeStatus,
    MentorQualified,
    MentorStatus,
    plan_for_new_custody_period,
    plan_for_release,
    plan_for_transfer,
)
from pathways.mentoring.domain.custody import (
    CustodyChange,
    CustodyFact,
    mentee_after,
    mentor_after,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STATELESS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # the fixtures are builder functions: nothing to reset between examples


def code(u: UUID) -> str:
    return "".join(chr(65 + (u.int >> (5 * i)) % 26) for i in range(3))


PRISONS = st.uuids().map(code)  # uuid-based, as everywhere in the tests
WINGS = st.sampled_from(["A", "B", "C", "HB3", None])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("transfer"), PRISONS, WINGS),
        st.tuples(st.just("release"), st.none(), st.none()),
        st.tuples(st.just("receive"), PRISONS, WINGS),
        st.tuples(st.just("wing"), st.none(), st.sampled_from(["A", "D", "E"])),
    ),
    max_size=25,
)


@dataclass
class Expected:
    """The reference model: where the person is, plainly."""

    in_custody: bool
    prison: str
    wing: str | None


def _fact(kind: str, prison: str | None, wing: str | None, expected: Expected, step: int):
    at = NOW + timedelta(hours=step)
    if kind == "release":
        return CustodyFact(CustodyChange.RELEASED, at)
    if kind == "transfer":
        return CustodyFact(CustodyChange.TRANSFERRED, at, prison, wing)
    new_period = not expected.in_custody
    change = CustodyChange.NEW_PERIOD if new_period else CustodyChange.RECEIVED
    return CustodyFact(change, at, prison, wing)


@STATELESS
@given(start=PRISONS, steps=STEPS)
def test_a_mentor_keeps_the_qualification_and_follows_custody(
    make_mentor, start: str, steps
) -> None:
    mentor = make_mentor(prison_code=start)
    qualification = mentor.qualification
    expected = Expected(True, start, "A")
    for n, (kind, prison, wing) in enumerate(steps):
        if kind == "wing":
            if expected.in_custody and mentor.status is not MentorStatus.LEFT:
                mentor.update_profile(wing=wing)
                expected.wing = wing
            continue
        if kind == "transfer" and (not expected.in_custody or prison == expected.prison):
            continue  # intake sends no transfer for a released person, nor to the same prison
        fact = _fact(kind, prison, wing, expected, n)
        mentor_after(mentor, fact)
        if kind == "release":
            expected.in_custody = False
        else:
            if fact.change is CustodyChange.RECEIVED and prison == expected.prison:
                continue  # the same prison again: nothing moves
            expected.in_custody, expected.prison, expected.wing = True, prison, wing

        assert mentor.qualification == qualification, "the qualification belongs to the person"
        if expected.in_custody:
            assert (mentor.status, mentor.prison_code) == (MentorStatus.QUALIFIED, prison)
            assert mentor.wing == (wing.upper() if wing else None)
        else:
            assert mentor.status is MentorStatus.LEFT
    assert not any(isinstance(e, MentorQualified) for e in mentor.events), "qualified once"
    back = code(uuid4())
    change = CustodyChange.TRANSFERRED if expected.in_custody else CustodyChange.NEW_PERIOD
    mentor_after(mentor, CustodyFact(change, NOW + timedelta(days=30), back, "Z"))
    assert (mentor.status, mentor.prison_code) == (MentorStatus.QUALIFIED, back), "never stuck"


@STATELESS
@given(start=PRISONS, steps=STEPS, matched=st.booleans())
def test_a_mentee_waits_wherever_they_are_in_custody(
    make_mentee, start: str, steps, matched: bool
) -> None:
    mentee = make_mentee(prison_code=start)
    if matched:
        mentee.matched()
    expected = Expected(True, start, "A")
    for n, (kind, prison, wing) in enumerate(steps):
        if kind == "wing":
            mentee.moved_wing(wing)
            assert mentee.wing == wing
            continue
        if kind == "transfer" and not expected.in_custody:
            continue
        fact = _fact(kind, prison, wing, expected, n)
        # every custody fact but a repeat at the same prison ends the match there
        mentee_after(mentee, fact, still_matched=False)
        if kind == "release":
            expected.in_custody = False
            assert mentee.status is MenteeStatus.RELEASED
        else:
            expected.in_custody, expected.prison = True, prison
            assert (mentee.status, mentee.prison_code) == (MenteeStatus.WAITING, prison)
        assert mentee.status is not MenteeStatus.TRANSFERRED
    back = code(uuid4())
    mentee_after(
        mentee, CustodyFact(CustodyChange.NEW_PERIOD, NOW, back, None), still_matched=False
    )
    assert (mentee.status, mentee.prison_code) == (MenteeStatus.WAITING, back), "never stuck"


def _match(mentor_person: UUID, mentee_person: UUID, prison: str) -> Match:
    match = Match.propose(
        mentor_id=uuid4(),
        mentor_person_id=mentor_person,
        mentee_person_id=mentee_person,
        prison_code=prison,
        score=1.0,
        explanation="",
        at=NOW,
    )
    match.approve(NOW)
    return match


@settings(max_examples=100, deadline=None)
@given(
    roles=st.lists(st.sampled_from(["mentor", "mentee", "other"]), max_size=8),
    planner=st.sampled_from([plan_for_release, plan_for_transfer, plan_for_new_custody_period]),
)
def test_a_custody_plan_ends_each_open_match_of_the_person_once(roles, planner) -> None:
    person = uuid4()
    matches = [
        _match(person if r == "mentor" else uuid4(), person if r == "mentee" else uuid4(), "BAI")
        for r in roles
    ]
    planned = planner(person, matches)
    involved = {m.match_id for m in matches if person in (m.mentor_person_id, m.mentee_person_id)}
    assert sorted(e.match_id for e in planned.endings) == sorted(involved)
    assert person not in planned.back_to_waiting, "the person's own place is not re-queued"
    by_id = {m.match_id: m for m in matches}
    planned.apply(by_id, {}, NOW + timedelta(minutes=1))
    assert planner(person, matches).endings == (), "applying it again ends nothing"
