"""Events published by intake on `pathways.intake` (contract.md)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.contracts import treatment
from pathways.contracts.absences import ROTL_KINDS as ROTL_KINDS  # re-exported: intake's
from pathways.contracts.absences import TemporaryAbsenceEnded, TemporaryAbsenceStarted
from pathways.contracts.absences import TemporaryAbsenceKind as TemporaryAbsenceKind
from pathways.contracts.envelope import EventData

PRISON_NUMBER = r"^[A-Z][0-9]{4}[A-Z]{2}$"
PRISON_CODE = r"^[A-Z]{3}$"


class ReceptionReason(StrEnum):
    NEW_ADMISSION = "new_admission"
    READMISSION = "readmission"
    TRANSFER_IN = "transfer_in"
    RETURN = "return"


class PersonReceived(EventData):
    """The person is in custody at `prison_code` from `received_at`. After a release, or with
    reason new_admission / readmission, a new custody period starts: work tied to the previous
    period is closed with a reason. Never sent after a transfer (see transferred)."""

    event_type = "intake.person.received.v1"
    person_id: UUID
    prison_number: str = Field(pattern=PRISON_NUMBER)
    prison_code: str = Field(pattern=PRISON_CODE, description="where the person now is")
    location: str | None = Field(default=None, description="wing or unit; null when unknown")
    received_at: datetime
    reason: ReceptionReason


class SharingConsent(BaseModel):
    """Per recipient team, whether the person allows intake to share with it (never why).
    A team left out is not allowed."""

    model_config = ConfigDict(extra="allow", frozen=True)

    mentoring: bool = False
    family: bool = False
    placements: bool = False
    community_treatment: bool = False
    probation: bool = False


class PersonReferred(EventData):
    """`consent` is the consent recorded with this referral; null only on events written
    before consent was part of the contract, which teams read as "no consent known" (not
    shared). `referred_on` (added for issue 16) dates the referral itself, which may be
    recorded later."""

    event_type = "intake.person.referred.v1"
    person_id: UUID
    referral_id: UUID
    source: str
    substances: list[str]
    urgency: str
    prison_code: str | None = Field(default=None, pattern=PRISON_CODE)
    consent: SharingConsent | None = Field(
        default=None, description="per team: sharing allowed; null on older events"
    )
    referred_on: date | None = Field(
        default=None, description="the day of the referral; null on events before issue 16"
    )


class ConsentChanged(EventData):
    """Staff recorded a change of the person's consent (a grant or a withdrawal) after the
    referral; `consent` is the whole consent in force from `changed_at`. Thin: no reasons."""

    event_type = "intake.person.consent_changed.v1"
    person_id: UUID
    consent: SharingConsent
    changed_at: datetime


class PersonAssessed(EventData):
    event_type = "intake.person.assessed.v1"
    person_id: UUID
    assessment_id: UUID
    assessed_on: date
    barc10_total: int | None = Field(default=None, ge=10, le=60)
    clean_since: date | None = None


class ReleaseScheduled(EventData):
    event_type = "intake.release.scheduled.v1"
    person_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE)
    expected_on: date
    release_type: str


class ReleaseCancelled(EventData):
    """The planned release will not happen on `expected_on` (e.g. parole refused); a new
    plan, if any, follows as `intake.release.scheduled.v1`. Added beside contract.md's list."""

    event_type = "intake.release.cancelled.v1"
    person_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE)
    expected_on: date
    reason: str


class PersonReleased(EventData):
    """The custody period ends: the person is no longer in custody. Every release, including
    one after a recall, starts its own set of post-release work."""

    event_type = "intake.person.released.v1"
    person_id: UUID
    prison_number: str = Field(pattern=PRISON_NUMBER)
    prison_code: str = Field(pattern=PRISON_CODE)
    released_at: datetime
    release_type: str
    destination_area: str | None = None


class PersonTransferred(EventData):
    """The person is in custody at `to_prison_code` from `transferred_at`; no received event
    follows. The custody period continues: matches at the old prison end (`transferred`), a
    mentor keeps training and qualification, a mentee waits for a mentor at the new prison."""

    event_type = "intake.person.transferred.v1"
    person_id: UUID
    from_prison_code: str = Field(pattern=PRISON_CODE, description="the prison they left")
    to_prison_code: str = Field(pattern=PRISON_CODE, description="where they are now in custody")
    transferred_at: datetime
    location: str | None = Field(
        default=None, description="wing or unit at the new prison; null when not yet known"
    )


class PersonLocationChanged(EventData):
    """A wing (or unit) move inside `prison_code` after reception; custody is unchanged.
    Thin: no names, only where the person now lives."""

    event_type = "intake.person.location_changed.v1"
    person_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE, description="the prison the person is in")
    location: str = Field(min_length=1, description="the wing or unit the person moved to")
    changed_at: datetime


class PersonRecategorised(EventData):
    event_type = "intake.person.recategorised.v1"
    person_id: UUID
    category: str
    prison_code: str | None = Field(default=None, pattern=PRISON_CODE)


class RetentionApplied(EventData):
    """Intake's retention policy has run out for the person (their case records are past
    the retention period after their last release or activity) and intake has erased them.
    Every consumer forgets the person too: removes or anonymises what it holds about them and
    ignores any later event about them. Thin: the id and the moment, never a reason."""

    event_type = "intake.person.retention_applied.v1"
    person_id: UUID
    applied_at: datetime = Field(description="when intake erased the person (UTC)")


EVENTS: tuple[type[EventData], ...] = (
    PersonReceived,
    PersonReferred,
    ConsentChanged,
    PersonAssessed,
    ReleaseScheduled,
    ReleaseCancelled,
    PersonReleased,
    PersonTransferred,
    PersonLocationChanged,
    PersonRecategorised,
    TemporaryAbsenceStarted,
    TemporaryAbsenceEnded,
    *treatment.EVENTS,
    RetentionApplied,
)
