from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from mentoring_builders import build_match

from pathways.mentoring.domain import (
    EndReason,
    Match,
    MatchEnded,
    MatchMade,
    MatchProposed,
    MatchStatus,
    SessionKind,
    SessionLogged,
)
from pathways.platform.errors import Conflict, InvalidInput

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def proposed() -> Match:
    return build_match(AT, score=5.5, explanation="eligible (+2.0); same wing A (+3.0)")


def active() -> Match:
    match = proposed()
    match.approve(AT + timedelta(hours=1))
    return match


def test_proposal_then_approval_makes_the_match() -> None:
    match = proposed()
    assert match.status is MatchStatus.PROPOSED and match.is_open
    assert isinstance(match.events[0], MatchProposed)
    match.approve(AT)
    assert (match.status, match.made_at) == (MatchStatus.ACTIVE, AT)
    made = match.events[-1]
    assert isinstance(made, MatchMade) and made.score == 5.5
    with pytest.raises(Conflict) as error:
        match.approve(AT)
    assert error.value.code == "match_not_proposed"


def test_a_person_cannot_be_matched_with_themselves() -> None:
    person = uuid4()
    with pytest.raises(InvalidInput) as error:
        build_match(AT, mentor_person_id=person, mentee_person_id=person)
    assert error.value.code == "same_person"


def test_ending_records_the_reason_once() -> None:
    match = active()
    match.end("completed", AT + timedelta(days=30))
    assert (match.status, match.end_reason, match.is_open) == (
        MatchStatus.ENDED,
        EndReason.COMPLETED,
        False,
    )
    ended = match.events[-1]
    assert isinstance(ended, MatchEnded) and ended.was_made and ended.reason == "completed"
    assert not match.ended_badly
    with pytest.raises(Conflict) as error:
        match.end(EndReason.SAFEGUARDING, AT)
    assert error.value.code == "match_already_ended"


@pytest.mark.parametrize("reason", ["safeguarding", "mentee_declined"])
def test_some_endings_are_bad(reason: str) -> None:
    match = active()
    match.end(reason, AT)
    assert match.ended_badly


def test_ending_a_proposal_says_it_was_never_made_and_unknown_reasons_are_refused() -> None:
    match = proposed()
    with pytest.raises(InvalidInput) as error:
        match.end("bored", AT)
    assert error.value.code == "unknown_end_reason"
    match.end(EndReason.NOT_APPROVED, AT)
    assert match.events[-1].was_made is False


def test_logging_a_session_keeps_notes_out_of_the_event() -> None:
    match = active()
    session = match.log_session(
        kind="first_night_visit",
        held_on=date(2026, 3, 2),
        minutes=45,
        today=TODAY,
        notes="  sensitive detail  ",
    )
    assert (session.kind, session.minutes, session.notes) == (
        SessionKind.FIRST_NIGHT_VISIT,
        45,
        "sensitive detail",
    )
    event = match.events[-1]
    assert isinstance(event, SessionLogged) and event.mentee_person_id == match.mentee_person_id
    assert "notes" not in vars(event)
    assert match.sessions == [session]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"minutes": 0}, "invalid_minutes"),
        ({"minutes": 481}, "invalid_minutes"),
        ({"kind": "gym"}, "unknown_session_kind"),
        ({"held_on": date(2026, 3, 11)}, "session_in_future"),
        ({"held_on": date(2026, 3, 1)}, "session_before_match"),
        ({"notes": "x" * 4001}, "notes_too_long"),
    ],
)
def test_bad_sessions_are_refused(arguments: dict[str, object], code: str) -> None:
    match = active()
    values: dict[str, object] = {
        "kind": "one_to_one",
        "held_on": date(2026, 3, 5),
        "minutes": 60,
        "today": TODAY,
    }
    with pytest.raises(InvalidInput) as error:
        match.log_session(**(values | arguments))  # type: ignore[arg-type]
    assert error.value.code == code
    assert match.sessions == []


def test_minutes_bounds_are_inclusive() -> None:
    match = active()
    for minutes in (1, 480):
        match.log_session(kind="group", held_on=date(2026, 3, 5), minutes=minutes, today=TODAY)
    assert len(match.sessions) == 2


def test_sessions_need_an_active_match() -> None:
    with pytest.raises(Conflict) as error:
        proposed().log_session(kind="group", held_on=TODAY, minutes=30, today=TODAY)
    assert error.value.code == "match_not_active"
    match = active()
    match.end("mentee_released", AT)
    with pytest.raises(Conflict) as ended:
        match.log_session(kind="group", held_on=TODAY, minutes=30, today=TODAY)
    assert ended.value.code == "match_ended"


def test_only_one_first_night_visit() -> None:
    match = active()
    match.log_session(kind="first_night_visit", held_on=TODAY, minutes=30, today=TODAY)
    with pytest.raises(Conflict) as error:
        match.log_session(kind="first_night_visit", held_on=TODAY, minutes=30, today=TODAY)
    assert error.value.code == "first_night_visit_already_logged"
