"""Intake's contract events as the consuming services' unit tests need them: one builder per
custody fact, referral and consent change, with a fresh prison number unless given one."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from pathways.contracts import intake
from pathways.testing.ids import unique_prison_number


def consent(*teams: str) -> intake.SharingConsent:
    """Consent to share with these teams (`"mentoring"`, `"family"`, …), none other."""
    return intake.SharingConsent(**dict.fromkeys(teams, True))


def received(
    person_id: UUID,
    prison_code: str,
    at: datetime,
    *,
    reason: intake.ReceptionReason = intake.ReceptionReason.NEW_ADMISSION,
    location: str | None = None,
    prison_number: str | None = None,
) -> intake.PersonReceived:
    return intake.PersonReceived(
        person_id=person_id,
        prison_number=prison_number or unique_prison_number(),
        prison_code=prison_code,
        location=location,
        received_at=at,
        reason=reason,
    )


def released(
    person_id: UUID,
    prison_code: str,
    at: datetime,
    *,
    destination_area: str | None = None,
    prison_number: str | None = None,
) -> intake.PersonReleased:
    return intake.PersonReleased(
        person_id=person_id,
        prison_number=prison_number or unique_prison_number(),
        prison_code=prison_code,
        released_at=at,
        release_type="conditional_release",
        destination_area=destination_area,
    )


def transferred(
    person_id: UUID, from_prison_code: str, to_prison_code: str, at: datetime
) -> intake.PersonTransferred:
    return intake.PersonTransferred(
        person_id=person_id,
        from_prison_code=from_prison_code,
        to_prison_code=to_prison_code,
        transferred_at=at,
    )


def referred(
    person_id: UUID,
    prison_code: str | None,
    sharing: intake.SharingConsent | None,
    *,
    substances: tuple[str, ...] = ("opiates",),
) -> intake.PersonReferred:
    return intake.PersonReferred(
        person_id=person_id,
        referral_id=uuid4(),
        source="healthcare",
        substances=list(substances),
        urgency="routine",
        prison_code=prison_code,
        consent=sharing,
        referred_on=datetime.now(UTC).date(),
    )


def consent_changed(
    person_id: UUID, sharing: intake.SharingConsent, at: datetime
) -> intake.ConsentChanged:
    return intake.ConsentChanged(person_id=person_id, consent=sharing, changed_at=at)
