"""Providers, referrals and offers, placement start, hours and ending."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from pathways.placements.domain import (
    Opportunity,
    PersonState,
    Placement,
    PlacementStatus,
    Provider,
    Referral,
    ReferralStatus,
    TemporaryAbsence,
    Trigger,
    start_placement,
)
from pathways.placements.domain.events import PlacementEnded, PlacementStarted, ReferralCreated
from pathways.platform.errors import Conflict, InvalidInput, NotFound

TODAY = date(2026, 6, 1)
RELEASED_AT = datetime(2026, 5, 1, 9, tzinfo=UTC)


def opportunity(capacity: int = 2, level: str = "none") -> Opportunity:
    return Opportunity(uuid4(), "Kitchen volunteer", capacity, 12, level)


def released_mentor() -> PersonState:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, "Lambeth")
    person.record_risk_assessment("approved", date(2026, 5, 2), "coord", TODAY)
    return person


def accepted(person: PersonState, opp: Opportunity) -> Referral:
    referral = Referral.open(person.person_id, Trigger.RELEASE, date(2026, 5, 1))
    offer = referral.make_offer(opp, date(2026, 5, 3))
    referral.accept_offer(offer.offer_id, date(2026, 5, 4))
    return referral


def started() -> Placement:
    person, opp = released_mentor(), opportunity()
    return start_placement(accepted(person, opp), opp, person, 0, date(2026, 5, 10), TODAY)


# -- providers and opportunities ------------------------------------------------------------
def test_provider_and_opportunity_validation() -> None:
    Provider("Garden project", "Lambeth", "1 High St", "M. Jones")
    with pytest.raises(InvalidInput) as err:
        Provider("Garden project", " ", "1 High St", "M. Jones")
    assert err.value.code == "area_required"
    with pytest.raises(InvalidInput) as err:
        Opportunity(uuid4(), "Role", 0, 10)
    assert err.value.code == "invalid_capacity"
    with pytest.raises(InvalidInput) as err:
        Opportunity(uuid4(), "Role", 1, 60)
    assert err.value.code == "invalid_hours_per_week"
    with pytest.raises(InvalidInput) as err:
        Opportunity(uuid4(), "Role", 1, 10, "top_secret")  # type: ignore[arg-type]
    assert err.value.code == "invalid_disclosure_level"


# -- referrals and offers -------------------------------------------------------------------
def test_referral_open_records_event() -> None:
    referral = Referral.open(uuid4(), "rotl", TODAY)  # type: ignore[arg-type]
    assert referral.events == [ReferralCreated(referral.referral_id, referral.person_id, "rotl")]


def test_manual_referral_refused_while_another_is_open() -> None:
    person_id = uuid4()
    first = Referral.open_manual(person_id, TODAY, [])
    assert first.trigger is Trigger.MANUAL
    with pytest.raises(Conflict) as err:
        Referral.open_manual(person_id, TODAY, [first])
    assert err.value.code == "referral_already_open"
    first.close("person declined")
    Referral.open_manual(person_id, TODAY, [first])


def test_one_offer_at_a_time_and_declined_allows_another() -> None:
    referral = Referral.open(uuid4(), Trigger.RELEASE, date(2026, 5, 1))
    offer = referral.make_offer(opportunity(), date(2026, 5, 2))
    with pytest.raises(Conflict) as err:
        referral.make_offer(opportunity(), date(2026, 5, 2))
    assert err.value.code == "offer_already_offered"
    referral.decline_offer(offer.offer_id, date(2026, 5, 3))
    second = referral.make_offer(opportunity(), date(2026, 5, 3))
    referral.accept_offer(second.offer_id, date(2026, 5, 4))
    assert referral.accepted_offer is second
    with pytest.raises(Conflict) as err:
        referral.make_offer(opportunity(), date(2026, 5, 5))
    assert err.value.code == "offer_already_accepted"


def test_offer_rules() -> None:
    referral = Referral.open(uuid4(), Trigger.RELEASE, date(2026, 5, 1))
    closed = opportunity()
    closed.close()
    with pytest.raises(Conflict) as err:
        referral.make_offer(closed, date(2026, 5, 2))
    assert err.value.code == "opportunity_closed"
    with pytest.raises(InvalidInput) as err:
        referral.make_offer(opportunity(), date(2026, 4, 30))
    assert err.value.code == "offer_before_referral"
    offer = referral.make_offer(opportunity(), date(2026, 5, 2))
    with pytest.raises(InvalidInput):
        referral.accept_offer(offer.offer_id, date(2026, 5, 1))
    referral.accept_offer(offer.offer_id, date(2026, 5, 2))
    with pytest.raises(Conflict) as err:
        referral.decline_offer(offer.offer_id, date(2026, 5, 3))
    assert err.value.code == "offer_already_answered"
    with pytest.raises(NotFound):
        referral.accept_offer(uuid4(), date(2026, 5, 3))


def test_closed_referral_refuses_offers_and_second_close() -> None:
    referral = Referral.open(uuid4(), Trigger.MANUAL, TODAY)
    referral.close("no longer interested")
    with pytest.raises(Conflict) as err:
        referral.make_offer(opportunity(), TODAY)
    assert err.value.code == "referral_closed"
    with pytest.raises(Conflict):
        referral.close("again")


# -- starting a placement -------------------------------------------------------------------
def test_start_placement_from_accepted_offer() -> None:
    person, opp = released_mentor(), opportunity()
    referral = accepted(person, opp)
    placement = start_placement(referral, opp, person, 1, date(2026, 5, 10), TODAY)
    assert referral.status is ReferralStatus.PLACED and not placement.on_rotl
    (event,) = placement.events
    assert isinstance(event, PlacementStarted) and event.provider_id == opp.provider_id


def test_start_needs_an_accepted_offer_of_that_opportunity() -> None:
    person, opp = released_mentor(), opportunity()
    referral = Referral.open(person.person_id, Trigger.RELEASE, date(2026, 5, 1))
    with pytest.raises(Conflict) as err:
        start_placement(referral, opp, person, 0, date(2026, 5, 10), TODAY)
    assert err.value.code == "no_accepted_offer"
    referral = accepted(person, opp)
    with pytest.raises(Conflict):
        start_placement(referral, opportunity(), person, 0, date(2026, 5, 10), TODAY)


def test_capacity_respected() -> None:
    person, opp = released_mentor(), opportunity(capacity=2)
    referral = accepted(person, opp)
    with pytest.raises(Conflict) as err:
        start_placement(referral, opp, person, 2, date(2026, 5, 10), TODAY)
    assert err.value.code == "opportunity_full" and "2 of 2" in err.value.message
    assert referral.status is ReferralStatus.OPEN


def test_risk_assessment_required() -> None:
    person, opp = PersonState(uuid4()), opportunity()
    person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, None)
    with pytest.raises(Conflict) as err:
        start_placement(accepted(person, opp), opp, person, 0, date(2026, 5, 10), TODAY)
    assert err.value.code == "risk_assessment_missing"


def test_in_custody_without_rotl_refused_and_on_rotl_allowed() -> None:
    person, opp = released_mentor(), opportunity()
    person.record_received(datetime(2026, 5, 5, tzinfo=UTC))
    referral = accepted(person, opp)
    with pytest.raises(Conflict) as err:
        start_placement(referral, opp, person, 0, date(2026, 5, 20), TODAY)
    assert err.value.code == "in_custody"
    start = datetime(2026, 5, 20, 7, tzinfo=UTC)
    person.record_absence_started(TemporaryAbsence(uuid4(), "rotl_day", start, start))
    with pytest.raises(InvalidInput) as err:
        start_placement(referral, opp, person, 0, date(2026, 5, 19), TODAY)
    assert err.value.code == "start_before_release_or_rotl"
    placement = start_placement(referral, opp, person, 0, date(2026, 5, 20), TODAY)
    assert placement.on_rotl


def test_disclosure_level_of_role_enforced() -> None:
    person, opp = released_mentor(), opportunity(level="enhanced")
    with pytest.raises(Conflict) as err:
        start_placement(accepted(person, opp), opp, person, 0, date(2026, 5, 10), TODAY)
    assert err.value.code == "disclosure_check_insufficient"


def test_start_dates_and_person() -> None:
    person, opp = released_mentor(), opportunity()
    referral = accepted(person, opp)
    with pytest.raises(InvalidInput) as err:
        start_placement(referral, opp, person, 0, date(2026, 4, 30), TODAY)
    assert err.value.code == "start_before_release_or_rotl"
    with pytest.raises(InvalidInput) as err:
        start_placement(referral, opp, person, 0, date(2026, 6, 2), TODAY)
    assert err.value.code == "starts_on_in_future"
    with pytest.raises(InvalidInput) as err:
        start_placement(referral, opp, released_mentor(), 0, date(2026, 5, 10), TODAY)
    assert err.value.code == "person_mismatch"
    start_placement(referral, opp, person, 0, date(2026, 5, 10), TODAY)
    with pytest.raises(Conflict) as err:
        start_placement(referral, opp, person, 0, date(2026, 5, 10), TODAY)
    assert err.value.code == "referral_placed"


# -- hours and ending ------------------------------------------------------------------------
def test_hours_logged_and_totalled() -> None:
    placement = started()
    placement.log_hours(date(2026, 5, 10), 4, TODAY)
    placement.log_hours(date(2026, 5, 10), "3.5", TODAY)
    placement.log_hours(date(2026, 5, 11), 2.25, TODAY)
    assert placement.total_hours == Decimal("9.75")


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        (0, "hours_not_positive"),
        (-2, "hours_not_positive"),
        (17, "hours_implausible"),
        ("lots", "invalid_hours"),
        ("NaN", "hours_not_positive"),
    ],
)
def test_bad_hours_refused(hours: object, code: str) -> None:
    placement = started()
    with pytest.raises(InvalidInput) as err:
        placement.log_hours(date(2026, 5, 10), hours, TODAY)  # type: ignore[arg-type]
    assert err.value.code == code
    assert placement.hours == []


def test_hours_per_day_total_capped_and_dates_checked() -> None:
    placement = started()
    placement.log_hours(date(2026, 5, 10), 10, TODAY)
    with pytest.raises(InvalidInput) as err:
        placement.log_hours(date(2026, 5, 10), 7, TODAY)
    assert err.value.code == "hours_implausible"
    with pytest.raises(InvalidInput) as err:
        placement.log_hours(date(2026, 5, 9), 1, TODAY)
    assert err.value.code == "hours_before_start"
    with pytest.raises(InvalidInput) as err:
        placement.log_hours(date(2026, 6, 2), 1, TODAY)
    assert err.value.code == "worked_on_in_future"


def test_end_with_outcome_and_total_hours() -> None:
    placement = started()
    placement.log_hours(date(2026, 5, 12), 6, TODAY)
    placement.end("recalled", date(2026, 5, 20), TODAY)
    assert placement.status is PlacementStatus.ENDED
    event = placement.events[-1]
    assert isinstance(event, PlacementEnded) and event.hours == Decimal(6)
    assert event.outcome == "recalled"
    with pytest.raises(Conflict) as err:
        placement.complete(date(2026, 5, 21), TODAY)
    assert err.value.code == "placement_ended"
    with pytest.raises(Conflict):
        placement.log_hours(date(2026, 5, 21), 1, TODAY)


def test_end_rules() -> None:
    placement = started()
    placement.log_hours(date(2026, 5, 15), 2, TODAY)
    with pytest.raises(InvalidInput) as err:
        placement.end("other", date(2026, 5, 20), TODAY)
    assert err.value.code == "reason_required"
    with pytest.raises(InvalidInput) as err:
        placement.end("withdrawn", date(2026, 5, 14), TODAY)
    assert err.value.code == "ended_before_hours"
    with pytest.raises(InvalidInput) as err:
        placement.end("completed", date(2026, 5, 9), TODAY)
    assert err.value.code == "ended_before_start"
    with pytest.raises(InvalidInput) as err:
        placement.end("sacked", date(2026, 5, 20), TODAY)  # type: ignore[arg-type]
    assert err.value.code == "invalid_outcome"
    assert placement.status is PlacementStatus.ACTIVE
    placement.end("other", date(2026, 5, 20), TODAY, reason="moved area")
    assert placement.end_reason == "moved area"
