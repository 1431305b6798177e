"""Who falls due under intake's retention rule: released, and nothing recorded since the
cutoff; never a person in custody (or back in custody after a release)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from pathways.intake.domain.person import Person
from pathways.intake.domain.reception import Reception, ReceptionReason
from pathways.intake.domain.referral import Referral, ReferralSource, Substance, Urgency
from pathways.intake.domain.retention import is_due, last_activity

T0 = datetime(2018, 3, 2, 9, 0, tzinfo=UTC)


def _person() -> Person:
    reception = Reception.create(prison_code="BAI", received_at=T0, wing="A")
    return Person.receive_new(prison_number="G2899UJ", reception=reception, person_id=uuid.uuid4())


def test_a_person_in_custody_is_never_due_however_old() -> None:
    person = _person()
    assert last_activity(person) is None
    assert not is_due(person, datetime(2099, 1, 1, tzinfo=UTC))


def test_a_released_person_is_due_once_the_release_is_older_than_the_cutoff() -> None:
    person = _person()
    released = T0 + timedelta(days=100)
    person.release(released_at=released)
    assert last_activity(person) == released
    assert not is_due(person, released)  # exactly at the cutoff: kept
    assert is_due(person, released + timedelta(seconds=1))


def test_the_last_activity_is_the_latest_of_release_referral_and_consent() -> None:
    person = _person()
    referral = Referral.create(
        referred_on=date(2018, 3, 3),
        source=ReferralSource.SELF,
        substances=[Substance.ALCOHOL],
        urgency=Urgency.ROUTINE,
    )
    person.refer(referral)
    person.release(released_at=T0 + timedelta(days=3))
    assert last_activity(person) == T0 + timedelta(days=3)
    person2 = _person()
    person2.refer(referral)
    person2.release(released_at=T0 + timedelta(hours=1))  # before the end of the referral day
    assert last_activity(person2) == datetime(2018, 3, 3, 23, 59, 59, 999999, tzinfo=UTC)


def test_a_person_received_again_after_a_release_is_not_due() -> None:
    person = _person()
    person.release(released_at=T0 + timedelta(days=10))
    again = Reception.create(
        prison_code="BAI",
        received_at=T0 + timedelta(days=20),
        wing="A",
        reason=ReceptionReason.READMISSION,
    )
    person.receive(again)
    assert not is_due(person, datetime(2099, 1, 1, tzinfo=UTC))
