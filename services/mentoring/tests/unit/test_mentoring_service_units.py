"""Service pieces without I/O: contract mapping (no notes leave), settings, serialisation."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from mentoring_builders import build_match
from pydantic import ValidationError

from pathways.contracts import mentoring as contract
from pathways.mentoring.adapters.serialization import (
    mentee_from_row,
    mentee_state,
    mentor_from_row,
    mentor_state,
)
from pathways.mentoring.domain import Match, MatchingWeights
from pathways.mentoring.service_layer.publishing import to_contract
from pathways.mentoring.settings import Settings


def _match(now) -> Match:
    return build_match(now, score=4.5, explanation="eligible (+2.0)")


def test_sessions_are_published_without_notes(now) -> None:
    match = _match(now)
    match.approve(now)
    match.log_session(
        kind="one_to_one", held_on=now.date(), minutes=45, notes="private", today=now.date()
    )
    published = [to_contract(e) for e in match.events]
    assert [type(e) for e in published] == [type(None), contract.MatchMade, contract.SessionLogged]
    assert "private" not in published[2].model_dump_json()


def test_a_proposal_that_is_never_made_publishes_no_ending(now) -> None:
    match = _match(now)
    match.end("not_approved", now + timedelta(minutes=1))
    assert [to_contract(e) for e in match.events] == [None, None]
    made = _match(now)
    made.approve(now)
    made.end("mentee_released", now)
    ended = to_contract(made.events[-1])
    assert isinstance(ended, contract.MatchEnded) and (ended.reason, ended.detail) == (
        "released",
        "mentee_released",
    )


def test_weights_come_from_settings_and_unknown_names_are_refused(monkeypatch) -> None:
    monkeypatch.setenv("MATCHING_WEIGHTS", '{"same_wing": 5, "load": 0.5}')
    monkeypatch.setenv("MATCHING_MODE", "proposal")
    settings = Settings()
    assert settings.weights() == MatchingWeights(same_wing=5.0, load=0.5)
    assert settings.matching_mode == "proposal"
    with pytest.raises(ValidationError, match="unknown matching weights"):
        Settings(matching_weights={"charm": 1.0})
    with pytest.raises(ValidationError):
        Settings(matching_mode="first_come")


def test_mentors_and_mentees_round_trip_through_their_state(make_mentor, make_mentee) -> None:
    mentor = make_mentor(languages=("Polish", "English"), availability=())
    row = SimpleNamespace(
        mentor_id=mentor.mentor_id,
        person_id=mentor.person_id,
        prison_code=mentor.prison_code,
        status=mentor.status.value,
        state=mentor_state(mentor),
    )
    assert mentor_from_row(row) == mentor
    mentee = make_mentee(substances=("crack", "alcohol"))
    row = SimpleNamespace(
        person_id=mentee.person_id,
        prison_code=mentee.prison_code,
        status=mentee.status.value,
        referred_at=mentee.referred_at,
        state=mentee_state(mentee),
    )
    assert mentee_from_row(row) == mentee
    assert date.fromisoformat(mentor_state(mentor)["qualification"]["awarded_on"])
