"""Eligibility facts from events and the eligibility rule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from pathways.placements.domain import (
    CustodyStatus,
    DisclosureLevel,
    Ineligibility,
    NotEligible,
    PersonState,
    TemporaryAbsence,
    eligibility_reasons,
    ensure_eligible,
    is_eligible,
)
from pathways.platform.errors import Conflict, InvalidInput

TODAY = date(2026, 6, 1)
RELEASED_AT = datetime(2026, 5, 1, 9, tzinfo=UTC)


def absence(kind: str = "rotl_day") -> TemporaryAbsence:
    start = datetime(2026, 5, 10, 8, tzinfo=UTC)
    return TemporaryAbsence(uuid4(), kind, start, start.replace(hour=18))


def eligible_person() -> PersonState:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_released(RELEASED_AT, "Lambeth")
    person.record_risk_assessment("approved", date(2026, 5, 2), "coord", TODAY)
    return person


def test_fresh_person_has_every_reason() -> None:
    assert eligibility_reasons(PersonState(uuid4()), DisclosureLevel.BASIC) == [
        Ineligibility.NOT_QUALIFIED_MENTOR,
        Ineligibility.IN_CUSTODY,
        Ineligibility.RISK_ASSESSMENT_MISSING,
        Ineligibility.DISCLOSURE_CHECK_INSUFFICIENT,
    ]


def test_released_qualified_assessed_is_eligible_for_role_needing_no_check() -> None:
    assert is_eligible(eligible_person())


def test_on_rotl_of_rotl_kind_is_eligible_other_absences_are_not() -> None:
    person = eligible_person()
    person.record_received(datetime(2026, 5, 5, tzinfo=UTC))
    assert eligibility_reasons(person) == [Ineligibility.IN_CUSTODY]
    person.record_absence_started(absence("rotl_overnight"))
    assert person.status is CustodyStatus.ON_ROTL and is_eligible(person)
    person.record_absence_ended(person.absence.absence_id)  # type: ignore[union-attr]
    person.record_absence_started(absence("special_purpose"))
    assert eligibility_reasons(person) == [Ineligibility.ABSENCE_NOT_ROTL]


def test_refused_risk_assessment_latest_wins() -> None:
    person = eligible_person()
    person.record_risk_assessment("refused", date(2026, 5, 20), "coord", TODAY)
    assert eligibility_reasons(person) == [Ineligibility.RISK_ASSESSMENT_REFUSED]
    person.record_risk_assessment("approved", date(2026, 5, 3), "coord", TODAY)  # older
    assert eligibility_reasons(person) == [Ineligibility.RISK_ASSESSMENT_REFUSED]


def test_risk_assessment_validation() -> None:
    person = PersonState(uuid4())
    with pytest.raises(InvalidInput) as err:
        person.record_risk_assessment("approved", date(2026, 6, 2), "coord", TODAY)
    assert err.value.code == "assessed_on_in_future"
    with pytest.raises(InvalidInput) as err:
        person.record_risk_assessment("maybe", TODAY, "coord", TODAY)
    assert err.value.code == "invalid_outcome"
    assert person.risk_assessment is None


@pytest.mark.parametrize(
    ("obtained", "required", "ok"),
    [
        (None, "none", True),
        (None, "basic", False),
        ("basic", "basic", True),
        ("basic", "standard", False),
        ("enhanced", "standard", True),
        ("standard", "enhanced", False),
    ],
)
def test_disclosure_level_must_cover_the_role(
    obtained: str | None, required: str, ok: bool
) -> None:
    person = eligible_person()
    if obtained:
        person.record_disclosure_check(obtained, date(2026, 5, 3), TODAY)
    assert is_eligible(person, DisclosureLevel(required)) is ok


def test_ensure_eligible_raises_conflict_with_first_reason_and_all_reasons() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    with pytest.raises(NotEligible) as err:
        ensure_eligible(person)
    assert isinstance(err.value, Conflict) and err.value.code == "in_custody"
    assert err.value.reasons == [Ineligibility.IN_CUSTODY, Ineligibility.RISK_ASSESSMENT_MISSING]
    assert "risk_assessment_missing" in err.value.message


def test_release_redelivered_or_stale_is_harmless() -> None:
    person = eligible_person()
    person.record_released(RELEASED_AT, "Lambeth")
    assert person.period == 0
    person.record_received(datetime(2026, 5, 20, tzinfo=UTC))
    person.record_received(datetime(2026, 5, 20, tzinfo=UTC))
    assert person.period == 1 and person.status is CustodyStatus.IN_CUSTODY
    person.record_released(RELEASED_AT, "Lambeth")  # the old release again: stale
    assert person.status is CustodyStatus.IN_CUSTODY
    assert person.release is not None and person.release.released_at == RELEASED_AT


def test_absence_ignored_once_released_and_unknown_absence_end_ignored() -> None:
    person = eligible_person()
    person.record_absence_started(absence())
    assert person.status is CustodyStatus.RELEASED
    person = PersonState(uuid4())
    person.record_absence_started(absence())
    person.record_absence_ended(uuid4())
    assert person.status is CustodyStatus.ON_ROTL


def test_received_back_from_rotl_is_in_custody_same_period() -> None:
    person = PersonState(uuid4())
    person.record_absence_started(absence())
    person.record_received(datetime(2026, 5, 10, 18, tzinfo=UTC))
    assert person.status is CustodyStatus.IN_CUSTODY and person.period == 0


def test_first_qualification_date_is_kept() -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2026, 3, 1))
    person.record_qualified(date(2026, 4, 1))
    assert person.qualified_on == date(2026, 3, 1)
