from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from pathways.intake.domain import events as ev
from pathways.intake.domain.custody import (
    CustodySnapshot,
    CustodyStatus,
    TemporaryAbsenceKind,
    check_rotl_allowed,
)
from pathways.intake.domain.instruments import Barc10
from pathways.intake.domain.person import Person
from pathways.intake.domain.reception import Reception
from pathways.intake.domain.referral import (
    Consent,
    ConsentRecipient,
    Referral,
    ReferralSource,
    Substance,
    Urgency,
)
from pathways.intake.domain.values import SecurityCategory
from pathways.platform.errors import Conflict, InvalidInput, NotFound

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
ABSENCE_ID = uuid.UUID("00000000-0000-0000-0000-00000000000a")


def person_in(category: SecurityCategory | None = SecurityCategory.D, **kwargs: object) -> Person:
    reception = Reception.create(prison_code="FDI", received_at=T0)
    return Person.receive_new(
        prison_number="A1234BC",
        reception=reception,
        category=category,
        **kwargs,  # type: ignore[arg-type]
    )


def start_day_release(person: Person, start: datetime = T0 + DAY) -> None:
    person.start_temporary_absence(
        kind=TemporaryAbsenceKind.ROTL_DAY,
        starts_at=start,
        ends_at=start + timedelta(hours=9),
        absence_id=ABSENCE_ID,
    )


def test_rotl_start_and_end() -> None:
    person = person_in()
    start_day_release(person)
    assert person.status is CustodyStatus.ON_TEMPORARY_ABSENCE
    assert person.custody_snapshot() == CustodySnapshot(
        CustodyStatus.ON_TEMPORARY_ABSENCE, "FDI", T0 + DAY, ABSENCE_ID
    )
    back = T0 + DAY + timedelta(hours=8)
    person.end_temporary_absence(absence_id=ABSENCE_ID, ended_at=back)
    assert person.status is CustodyStatus.IN_CUSTODY and person.open_absence is None
    assert person.absences[0].ended_at == back
    assert person.events[-2:] == [
        ev.TemporaryAbsenceStarted(
            person.person_id,
            ABSENCE_ID,
            TemporaryAbsenceKind.ROTL_DAY,
            T0 + DAY,
            T0 + DAY + timedelta(hours=9),
        ),
        ev.TemporaryAbsenceEnded(
            person.person_id, ABSENCE_ID, TemporaryAbsenceKind.ROTL_DAY, T0 + DAY, back
        ),
    ]


@pytest.mark.parametrize(
    "category",
    [SecurityCategory.A, SecurityCategory.A_HIGH, SecurityCategory.B, SecurityCategory.C, None],
)
def test_resettlement_rotl_needs_open_conditions(category: SecurityCategory | None) -> None:
    person = person_in(category)
    with pytest.raises(Conflict) as caught:
        start_day_release(person)
    assert caught.value.code == "rotl_not_allowed_for_category"
    assert person.status is CustodyStatus.IN_CUSTODY and person.absences == []


def test_moving_to_d_makes_rotl_possible() -> None:
    person = person_in(SecurityCategory.C)
    person.recategorise(SecurityCategory.D)
    start_day_release(person)
    assert person.status is CustodyStatus.ON_TEMPORARY_ABSENCE


def test_special_purpose_licence_is_open_to_all_but_category_a() -> None:
    check_rotl_allowed(TemporaryAbsenceKind.SPECIAL_PURPOSE, SecurityCategory.B)
    check_rotl_allowed(TemporaryAbsenceKind.SPECIAL_PURPOSE, None)
    with pytest.raises(Conflict):
        check_rotl_allowed(TemporaryAbsenceKind.SPECIAL_PURPOSE, SecurityCategory.A_EXCEPTIONAL)
    check_rotl_allowed(TemporaryAbsenceKind.CHILDCARE, SecurityCategory.FEMALE_OPEN)


def test_rotl_dates_in_the_wrong_order_are_refused() -> None:
    person = person_in()
    with pytest.raises(InvalidInput) as caught:
        person.start_temporary_absence(
            kind=TemporaryAbsenceKind.ROTL_OVERNIGHT, starts_at=T0 + DAY, ends_at=T0 + DAY
        )
    assert caught.value.code == "absence_ends_before_start"
    with pytest.raises(InvalidInput) as caught:
        person.start_temporary_absence(
            kind=TemporaryAbsenceKind.ROTL_OVERNIGHT, starts_at=T0 - DAY, ends_at=T0
        )
    assert caught.value.code == "before_last_movement"
    assert person.events[-1].__class__ is ev.PersonReceived


def test_no_second_absence_and_none_when_released() -> None:
    person = person_in()
    start_day_release(person)
    with pytest.raises(Conflict) as caught:
        start_day_release(person, T0 + 2 * DAY)
    assert caught.value.code == "already_on_temporary_absence"
    released = person_in()
    released.release(released_at=T0 + DAY)
    with pytest.raises(Conflict) as caught:
        start_day_release(released, T0 + 2 * DAY)
    assert caught.value.code == "not_in_custody"


def test_end_absence_refusals() -> None:
    person = person_in()
    with pytest.raises(NotFound) as caught_missing:
        person.end_temporary_absence(absence_id=ABSENCE_ID, ended_at=T0 + DAY)
    assert caught_missing.value.code == "absence_not_found"
    start_day_release(person)
    with pytest.raises(InvalidInput) as caught:
        person.end_temporary_absence(absence_id=ABSENCE_ID, ended_at=T0)
    assert caught.value.code == "absence_ended_before_start"
    person.end_temporary_absence(absence_id=ABSENCE_ID, ended_at=T0 + 2 * DAY)
    with pytest.raises(Conflict) as caught_twice:
        person.end_temporary_absence(absence_id=ABSENCE_ID, ended_at=T0 + 3 * DAY)
    assert caught_twice.value.code == "absence_already_ended"


def test_no_transfer_while_on_temporary_absence() -> None:
    person = person_in()
    start_day_release(person)
    with pytest.raises(Conflict) as caught:
        person.transfer(to_prison_code="LYI", transferred_at=T0 + 2 * DAY)
    assert caught.value.code == "on_temporary_absence"


def test_release_while_on_absence_ends_it_first() -> None:
    person = person_in()
    start_day_release(person)
    person.pull_events()
    person.release(released_at=T0 + DAY + timedelta(hours=2))
    ended, released = person.pull_events()
    assert isinstance(ended, ev.TemporaryAbsenceEnded) and ended.absence_id == ABSENCE_ID
    assert isinstance(released, ev.PersonReleased)
    assert person.status is CustodyStatus.RELEASED and person.open_absence is None


def test_referral_is_recorded_once() -> None:
    person = person_in()
    referral = Referral.create(
        referred_on=date(2026, 3, 3),
        source=ReferralSource.SELF,
        substances=[Substance.BENZODIAZEPINES],
        urgency=Urgency.IMMEDIATE,
    )
    person.refer(referral)
    assert person.events[-1] == ev.PersonReferred(
        person.person_id,
        referral.referral_id,
        ReferralSource.SELF,
        (Substance.BENZODIAZEPINES,),
        Urgency.IMMEDIATE,
        referred_on=date(2026, 3, 3),
    )
    with pytest.raises(Conflict) as caught:
        person.refer(referral)
    assert caught.value.code == "duplicate_referral"


def test_consent_change_updates_the_latest_referral_and_is_published_whole() -> None:
    person = person_in()
    with pytest.raises(Conflict) as caught:
        person.change_consent([], at=T0 + DAY)
    assert caught.value.code == "no_referral"
    granted = Consent(ConsentRecipient.MENTORING, True, date(2026, 3, 3))
    person.refer(
        Referral.create(
            referred_on=date(2026, 3, 3),
            source=ReferralSource.SELF,
            substances=[Substance.ALCOHOL],
            consents=[granted, Consent(ConsentRecipient.FAMILY, True, date(2026, 3, 3))],
        )
    )
    assert person.events[-1].allowed == {ConsentRecipient.MENTORING, ConsentRecipient.FAMILY}
    withdrawn = Consent(ConsentRecipient.MENTORING, False, date(2026, 3, 5))
    person.change_consent([withdrawn], at=T0 + DAY)
    assert person.events[-1] == ev.ConsentChanged(
        person.person_id, frozenset({ConsentRecipient.FAMILY}), T0 + DAY
    )
    assert not person.referrals[-1].may_share_with(ConsentRecipient.MENTORING)


def test_no_referral_after_release() -> None:
    person = person_in()
    person.release(released_at=T0 + DAY)
    referral = Referral.create(
        referred_on=date(2026, 3, 4), source=ReferralSource.STAFF, substances=[Substance.OTHER]
    )
    with pytest.raises(Conflict):
        person.refer(referral)


def test_assessments_history_and_days_clean() -> None:
    person = person_in(date_of_birth=date(1990, 5, 5))
    today = date(2026, 6, 1)
    assert person.days_clean(today) is None
    first = person.assess(
        assessed_on=date(2026, 3, 3),
        today=today,
        clean_since=date(2026, 1, 1),
        barc10=Barc10((3,) * 10),
    )
    second = person.assess(assessed_on=date(2026, 5, 1), today=today, barc10=Barc10((5,) * 10))
    assert person.assessment_history == [second, first]
    assert person.days_clean(today) == 151
    assert person.events[-2] == ev.PersonAssessed(
        person.person_id, first.assessment_id, date(2026, 3, 3), 30, date(2026, 1, 1)
    )
    assert person.events[-1] == ev.PersonAssessed(
        person.person_id, second.assessment_id, date(2026, 5, 1), 50, None
    )


def test_clean_since_before_birth_is_refused_for_the_person() -> None:
    person = person_in(date_of_birth=date(1990, 5, 5))
    with pytest.raises(InvalidInput) as caught:
        person.assess(
            assessed_on=date(2026, 3, 3), today=date(2026, 3, 3), clean_since=date(1990, 5, 4)
        )
    assert caught.value.code == "clean_since_before_birth"
    assert person.assessments == []


def test_duplicate_assessment_id_is_refused() -> None:
    person = person_in()
    assessment_id = uuid.uuid4()
    person.assess(
        assessed_on=date(2026, 3, 3),
        today=date(2026, 3, 3),
        clean_since=date(2026, 3, 1),
        assessment_id=assessment_id,
    )
    with pytest.raises(Conflict):
        person.assess(
            assessed_on=date(2026, 3, 3),
            today=date(2026, 3, 3),
            clean_since=date(2026, 3, 1),
            assessment_id=assessment_id,
        )


def test_events_carry_no_names_birth_dates_or_health_detail() -> None:
    forbidden = {
        "name",
        "given_name",
        "family_name",
        "date_of_birth",
        "screening",
        "notes",
        "answers",
        "top",
    }
    for event_type in ev.CONTRACT_TYPE:
        names = {f.name for f in dataclasses.fields(event_type)}
        assert not names & forbidden, event_type
