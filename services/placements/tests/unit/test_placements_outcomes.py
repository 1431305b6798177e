"""Outcomes at 6 and 26 weeks after release."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from pathways.placements.domain import OutcomeLog, PersonState, WeekMark, outcomes_falling_due
from pathways.placements.domain.events import OutcomeRecorded
from pathways.platform.errors import Conflict, InvalidInput

RELEASED_AT = datetime(2026, 5, 1, 9, tzinfo=UTC)
WEEK_6 = date(2026, 6, 12)
WEEK_26 = date(2026, 10, 30)


def released(qualified: bool = True) -> PersonState:
    person = PersonState(uuid4())
    if qualified:
        person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, "Lambeth")
    return person


def test_record_once_when_due() -> None:
    person = released()
    log = OutcomeLog(person.person_id)
    record = log.record(person, 6, "volunteering", WEEK_6, "coord")
    assert record.weeks_after_release is WeekMark.WEEK_6
    assert log.events == [
        OutcomeRecorded(person.person_id, 6, "volunteering", person.release.released_at)
    ]
    with pytest.raises(Conflict) as err:
        log.record(person, 6, "employed", WEEK_26, "coord")
    assert err.value.code == "outcome_already_recorded"
    log.record(person, 26, "employed", WEEK_26, "coord")
    assert len(log.records) == 2


def test_refused_before_release() -> None:
    person = PersonState(uuid4())
    with pytest.raises(Conflict) as err:
        OutcomeLog(person.person_id).record(person, 6, "none", WEEK_26, "coord")
    assert err.value.code == "not_released"


def test_refused_before_the_week_is_due() -> None:
    person = released()
    log = OutcomeLog(person.person_id)
    with pytest.raises(Conflict) as err:
        log.record(person, 6, "education", date(2026, 6, 11), "coord")
    assert err.value.code == "outcome_not_due" and "2026-06-12" in err.value.message
    with pytest.raises(Conflict):
        log.record(person, 26, "education", WEEK_6, "coord")
    assert log.records == [] and log.events == []


def test_bad_week_or_status_refused() -> None:
    person = released()
    log = OutcomeLog(person.person_id)
    with pytest.raises(InvalidInput) as err:
        log.record(person, 12, "employed", WEEK_26, "coord")
    assert err.value.code == "invalid_week_mark"
    with pytest.raises(InvalidInput) as err:
        log.record(person, 6, "retired", WEEK_26, "coord")  # type: ignore[arg-type]
    assert err.value.code == "invalid_status"


def test_outcomes_falling_due() -> None:
    person, non_mentor, in_custody = released(), released(qualified=False), PersonState(uuid4())
    in_custody.record_qualified(date(2026, 3, 1))
    people = [person, non_mentor, in_custody]
    assert outcomes_falling_due(people, [], date(2026, 6, 11)) == []
    due = outcomes_falling_due(people, [], WEEK_6)
    assert [(d.person_id, d.weeks_after_release, d.due_on) for d in due] == [
        (person.person_id, WeekMark.WEEK_6, WEEK_6)
    ]
    log = OutcomeLog(person.person_id)
    log.record(person, 6, "none", WEEK_6, "coord")
    due = outcomes_falling_due(people, log.records, WEEK_26)
    assert [d.weeks_after_release for d in due] == [WeekMark.WEEK_26]


def test_new_release_resets_the_outcomes_due() -> None:
    person = released()
    log = OutcomeLog(person.person_id)
    log.record(person, 6, "none", WEEK_6, "coord")
    person.record_received(datetime(2026, 7, 1, tzinfo=UTC))
    person.record_released(datetime(2027, 1, 4, 9, tzinfo=UTC), None)
    due = outcomes_falling_due([person], log.records, date(2027, 2, 15))
    assert [(d.weeks_after_release, d.due_on) for d in due] == [
        (WeekMark.WEEK_6, date(2027, 2, 15))
    ]
    log.record(person, 6, "employed", date(2027, 2, 15), "coord")
