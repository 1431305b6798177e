from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from pathways.intake.domain.reception import (
    Dependency,
    FirstNightPlacement,
    Reception,
    ReceptionReason,
    RiskLevel,
    Screening,
)
from pathways.intake.domain.referral import (
    Consent,
    ConsentRecipient,
    Referral,
    ReferralSource,
    Substance,
    Urgency,
)
from pathways.platform.errors import InvalidInput

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_screening_flags() -> None:
    screening = Screening(RiskLevel.HIGH, Dependency.BOTH, FirstNightPlacement.DETOX_UNIT)
    assert screening.at_risk_to_self and screening.needs_detox
    calm = Screening(RiskLevel.NONE, Dependency.NONE, FirstNightPlacement.FIRST_NIGHT_CENTRE)
    assert not calm.at_risk_to_self and not calm.needs_detox


def test_detox_needs_a_dependency() -> None:
    with pytest.raises(InvalidInput) as caught:
        Screening(RiskLevel.LOW, Dependency.NONE, FirstNightPlacement.DETOX_UNIT)
    assert caught.value.code == "detox_without_dependency"


def test_reception_create_validates_and_normalises() -> None:
    reception = Reception.create(prison_code="bai", received_at=NOON, wing=" A ")
    assert reception.prison_code == "BAI" and reception.wing == "A"
    assert reception.reason is ReceptionReason.NEW_ADMISSION


def test_reception_refuses_unknown_prison_and_naive_time() -> None:
    with pytest.raises(InvalidInput) as caught:
        Reception.create(prison_code="QQQ", received_at=NOON)
    assert caught.value.code == "unknown_prison_code"
    with pytest.raises(InvalidInput) as caught:
        Reception.create(prison_code="BAI", received_at=datetime(2026, 3, 2))
    assert caught.value.code == "naive_datetime"


def test_reception_reason_values_match_the_contract() -> None:
    assert {r.value for r in ReceptionReason} == {
        "new_admission",
        "readmission",
        "transfer_in",
        "return",
    }


def test_referral_create_orders_and_dedupes_substances() -> None:
    referral = Referral.create(
        referred_on=date(2026, 3, 3),
        source=ReferralSource.HEALTHCARE,
        substances=[Substance.SYNTHETIC_CANNABINOIDS, Substance.ALCOHOL, Substance.ALCOHOL],
        urgency=Urgency.URGENT,
    )
    assert referral.substances == (Substance.ALCOHOL, Substance.SYNTHETIC_CANNABINOIDS)
    assert isinstance(referral.referral_id, uuid.UUID)


def test_referral_needs_a_substance() -> None:
    with pytest.raises(InvalidInput) as caught:
        Referral.create(referred_on=date(2026, 3, 3), source=ReferralSource.SELF, substances=[])
    assert caught.value.code == "no_substances"


def test_consent_is_per_recipient_and_defaults_to_not_shared() -> None:
    on = date(2026, 3, 3)
    referral = Referral.create(
        referred_on=on,
        source=ReferralSource.STAFF,
        substances=[Substance.OPIATES],
        consents=[
            Consent(ConsentRecipient.PROBATION, False, on),
            Consent(ConsentRecipient.MENTORING, True, on),
        ],
    )
    assert referral.may_share_with(ConsentRecipient.MENTORING)
    assert not referral.may_share_with(ConsentRecipient.PROBATION)
    assert not referral.may_share_with(ConsentRecipient.FAMILY)
    assert [c.recipient for c in referral.consents] == [
        ConsentRecipient.MENTORING,
        ConsentRecipient.PROBATION,
    ]


def test_duplicate_consent_is_refused() -> None:
    on = date(2026, 3, 3)
    with pytest.raises(InvalidInput) as caught:
        Referral.create(
            referred_on=on,
            source=ReferralSource.SELF,
            substances=[Substance.CRACK],
            consents=[
                Consent(ConsentRecipient.FAMILY, True, on),
                Consent(ConsentRecipient.FAMILY, False, on),
            ],
        )
    assert caught.value.code == "duplicate_consent"
    assert "family" in caught.value.message


def test_with_consent_replaces_the_earlier_one() -> None:
    on = date(2026, 3, 3)
    referral = Referral.create(
        referred_on=on,
        source=ReferralSource.RECEPTION_SCREENING,
        substances=[Substance.COCAINE],
        consents=[Consent(ConsentRecipient.FAMILY, False, on)],
    )
    updated = referral.with_consent(Consent(ConsentRecipient.FAMILY, True, date(2026, 3, 9)))
    assert updated.may_share_with(ConsentRecipient.FAMILY)
    assert len(updated.consents) == 1
    assert not referral.may_share_with(ConsentRecipient.FAMILY)  # original unchanged
