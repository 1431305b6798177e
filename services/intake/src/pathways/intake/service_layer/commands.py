"""Commands: what a member of staff (`actor`) asks intake to do, in domain terms."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from pathways.intake.domain.custody import ReleaseType, TemporaryAbsenceKind
from pathways.intake.domain.instruments import Barc10, Top
from pathways.intake.domain.reception import ReceptionReason, Screening
from pathways.intake.domain.referral import Consent, ReferralSource, Substance, Urgency


@dataclass(frozen=True)
class ReceivePerson:
    """Reception (with first-night screening); a released person known already is readmitted."""

    actor: str
    prison_number: str
    prison_code: str
    received_at: datetime
    reason: ReceptionReason = ReceptionReason.NEW_ADMISSION
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: date | None = None
    wing: str | None = None
    category: str | None = None
    screening: Screening | None = None


@dataclass(frozen=True)
class ReferPerson:
    actor: str
    person_id: uuid.UUID
    referred_on: date
    source: ReferralSource
    substances: tuple[Substance, ...]
    urgency: Urgency = Urgency.ROUTINE
    consents: tuple[Consent, ...] = ()
    referral_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ChangeConsent:
    """Consent given or withdrawn after the referral, per recipient."""

    actor: str
    person_id: uuid.UUID
    consents: tuple[Consent, ...]


@dataclass(frozen=True)
class AssessPerson:
    actor: str
    person_id: uuid.UUID
    assessed_on: date
    barc10: Barc10 | None = None
    top: Top | None = None
    clean_since: date | None = None
    assessment_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ScheduleRelease:
    actor: str
    person_id: uuid.UUID
    expected_on: date
    release_type: ReleaseType


@dataclass(frozen=True)
class CancelReleasePlan:
    actor: str
    person_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class ReleasePerson:
    actor: str
    person_id: uuid.UUID
    released_at: datetime
    release_type: ReleaseType | None = None
    destination_area: str | None = None


@dataclass(frozen=True)
class TransferPerson:
    actor: str
    person_id: uuid.UUID
    to_prison_code: str
    transferred_at: datetime
    wing: str | None = None


@dataclass(frozen=True)
class ChangeLocation:
    """A wing move inside the prison after reception."""

    actor: str
    person_id: uuid.UUID
    location: str
    changed_at: datetime


@dataclass(frozen=True)
class RecategorisePerson:
    actor: str
    person_id: uuid.UUID
    category: str


@dataclass(frozen=True)
class StartTemporaryAbsence:
    actor: str
    person_id: uuid.UUID
    kind: TemporaryAbsenceKind
    starts_at: datetime
    ends_at: datetime
    absence_id: uuid.UUID | None = None


@dataclass(frozen=True)
class EndTemporaryAbsence:
    actor: str
    person_id: uuid.UUID
    absence_id: uuid.UUID
    ended_at: datetime


@dataclass(frozen=True)
class UpdateReceptionDetails:
    """Names, date of birth, wing and screening for a person already received (e.g. by the
    movement feed, which carries none of them). Fields left None are kept."""

    actor: str
    person_id: uuid.UUID
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: date | None = None
    wing: str | None = None
    screening: Screening | None = None
