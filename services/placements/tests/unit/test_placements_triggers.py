"""Automatic referrals: exactly once, whatever the order or repetition of events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import permutations
from uuid import uuid4

from pathways.placements.domain import (
    PersonState,
    TemporaryAbsence,
    Trigger,
    claim_referral_triggers,
    referrals_to_open,
)

RELEASED_AT = datetime(2026, 5, 1, 9, tzinfo=UTC)


def rotl(kind: str = "rotl_day") -> TemporaryAbsence:
    start = datetime(2026, 4, 10, 8, tzinfo=UTC)
    return TemporaryAbsence(uuid4(), kind, start, start.replace(hour=18))


def feed(person: PersonState, fact: str) -> list[Trigger]:
    """Apply one fact, then claim triggers as the service would after each event."""
    if fact == "qualified":
        person.record_qualified(date(2026, 3, 1))
    elif fact == "released":
        person.record_released(RELEASED_AT, "Lambeth")
    return [occurrence.trigger for occurrence in claim_referral_triggers(person)]


def test_non_mentor_release_opens_nothing() -> None:
    person = PersonState(uuid4())
    assert feed(person, "released") == []
    assert referrals_to_open(person) == []


def test_qualified_mentor_release_opens_one_referral_in_either_order_and_on_repeats() -> None:
    for order in permutations(["qualified", "released", "released", "qualified"]):
        person = PersonState(uuid4())
        opened = [trigger for fact in order for trigger in feed(person, fact)]
        assert opened == [Trigger.RELEASE], order


def test_referrals_to_open_is_pure() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, None)
    assert referrals_to_open(person) == referrals_to_open(person)
    assert len(referrals_to_open(person)) == 1 and person.opened_triggers == set()


def test_rotl_opens_one_referral_per_custody_period_not_per_day() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_absence_started(rotl())
    assert [o.trigger for o in claim_referral_triggers(person)] == [Trigger.ROTL]
    person.record_absence_ended(person.absence.absence_id)  # type: ignore[union-attr]
    person.record_absence_started(rotl("rotl_overnight"))
    assert claim_referral_triggers(person) == []


def test_non_rotl_absence_opens_nothing() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_absence_started(rotl("childcare"))
    assert referrals_to_open(person) == []


def test_qualification_after_rotl_ended_opens_nothing_until_next_rotl() -> None:
    person = PersonState(uuid4())
    person.record_absence_started(rotl())
    person.record_absence_ended(person.absence.absence_id)  # type: ignore[union-attr]
    person.record_qualified(date(2026, 3, 1))
    assert referrals_to_open(person) == []


def test_release_after_rotl_referral_opens_a_release_referral_too() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_absence_started(rotl())
    claim_referral_triggers(person)
    person.record_released(RELEASED_AT, "Kent")
    assert [o.trigger for o in claim_referral_triggers(person)] == [Trigger.RELEASE]


def test_a_new_release_after_recall_opens_a_new_referral() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, None)
    claim_referral_triggers(person)
    person.record_received(datetime(2026, 6, 1, tzinfo=UTC))
    person.record_released(datetime(2026, 9, 1, tzinfo=UTC), None)
    assert [o.trigger for o in claim_referral_triggers(person)] == [Trigger.RELEASE]
    assert len(person.opened_triggers) == 2


def test_a_referral_is_due_on_the_release_day_or_the_award_if_that_came_later() -> None:
    released_first = PersonState(uuid4())
    released_first.record_released(RELEASED_AT, "Lambeth")
    released_first.record_qualified(date(2026, 5, 20))
    [late_award] = referrals_to_open(released_first)
    assert late_award.due_on == date(2026, 5, 20)

    qualified_first = PersonState(uuid4())
    qualified_first.record_qualified(date(2026, 3, 1))
    qualified_first.record_released(RELEASED_AT, "Lambeth")
    [on_release] = referrals_to_open(qualified_first)
    assert on_release.due_on == date(2026, 5, 1)

    on_leave = PersonState(uuid4())
    on_leave.record_qualified(date(2026, 3, 1))
    on_leave.record_absence_started(rotl())
    [rotl_referral] = referrals_to_open(on_leave)
    assert rotl_referral.trigger is Trigger.ROTL and rotl_referral.due_on == date(2026, 4, 10)


def test_refused_consent_opens_nothing_until_given_and_the_newest_fact_wins() -> None:
    person = PersonState(uuid4())
    assert person.record_consent(False, RELEASED_AT)
    assert feed(person, "qualified") == [] and feed(person, "released") == []
    assert not person.record_consent(True, RELEASED_AT.replace(hour=8))  # older: kept out
    assert person.refuses_placements
    assert person.record_consent(True, RELEASED_AT.replace(hour=10))
    assert [o.trigger for o in claim_referral_triggers(person)] == [Trigger.RELEASE]
