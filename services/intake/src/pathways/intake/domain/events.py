"""Domain events recorded by the Person aggregate (collected in `person.events`).

Each maps one-to-one onto a contract event of `pathways.intake` (see `CONTRACT_TYPE`). They
hold references and minimum facts only: no names, dates of birth, notes or health detail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from .custody import ReleaseType, TemporaryAbsenceKind
from .reception import ReceptionReason
from .referral import ConsentRecipient, ReferralSource, Substance, Urgency
from .values import SecurityCategory


@dataclass(frozen=True, slots=True)
class PersonReceived:
    person_id: uuid.UUID
    prison_number: str
    prison_code: str
    wing: str | None
    received_at: datetime
    reason: ReceptionReason


@dataclass(frozen=True, slots=True)
class PersonReferred:
    person_id: uuid.UUID
    referral_id: uuid.UUID
    source: ReferralSource
    substances: tuple[Substance, ...]
    urgency: Urgency
    allowed: frozenset[ConsentRecipient] = frozenset()  # teams the person lets intake share with
    referred_on: date | None = None


@dataclass(frozen=True, slots=True)
class ConsentChanged:
    """Staff changed consent after the referral; `allowed` is the whole consent now."""

    person_id: uuid.UUID
    allowed: frozenset[ConsentRecipient]
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class PersonAssessed:
    person_id: uuid.UUID
    assessment_id: uuid.UUID
    assessed_on: date
    barc10_total: int | None
    clean_since: date | None


@dataclass(frozen=True, slots=True)
class ReleaseScheduled:
    person_id: uuid.UUID
    prison_code: str
    expected_on: date
    release_type: ReleaseType


@dataclass(frozen=True, slots=True)
class ReleaseCancelled:
    person_id: uuid.UUID
    prison_code: str
    expected_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class PersonReleased:
    person_id: uuid.UUID
    prison_number: str
    prison_code: str
    released_at: datetime
    release_type: ReleaseType
    destination_area: str | None


@dataclass(frozen=True, slots=True)
class PersonTransferred:
    person_id: uuid.UUID
    from_prison_code: str
    to_prison_code: str
    transferred_at: datetime
    wing: str | None = None


@dataclass(frozen=True, slots=True)
class PersonLocationChanged:
    """A wing move inside the prison after reception (custody unchanged)."""

    person_id: uuid.UUID
    prison_code: str
    wing: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class PersonRecategorised:
    person_id: uuid.UUID
    category: SecurityCategory
    previous_category: SecurityCategory | None

    @property
    def moved_to_open_conditions(self) -> bool:
        """True when this change opened the way to ROTL (e.g. C → D)."""
        was_open = self.previous_category is not None and self.previous_category.is_open
        return self.category.is_open and not was_open


@dataclass(frozen=True, slots=True)
class TemporaryAbsenceStarted:
    person_id: uuid.UUID
    absence_id: uuid.UUID
    kind: TemporaryAbsenceKind
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class TemporaryAbsenceEnded:
    """`ends_at` is the actual return time."""

    person_id: uuid.UUID
    absence_id: uuid.UUID
    kind: TemporaryAbsenceKind
    starts_at: datetime
    ends_at: datetime


IntakeEvent = (
    PersonReceived
    | PersonReferred
    | ConsentChanged
    | PersonAssessed
    | ReleaseScheduled
    | ReleaseCancelled
    | PersonReleased
    | PersonTransferred
    | PersonLocationChanged
    | PersonRecategorised
    | TemporaryAbsenceStarted
    | TemporaryAbsenceEnded
)

CONTRACT_TYPE: dict[type, str] = {
    PersonReceived: "intake.person.received.v1",
    PersonReferred: "intake.person.referred.v1",
    ConsentChanged: "intake.person.consent_changed.v1",
    PersonAssessed: "intake.person.assessed.v1",
    ReleaseScheduled: "intake.release.scheduled.v1",
    ReleaseCancelled: "intake.release.cancelled.v1",
    PersonReleased: "intake.person.released.v1",
    PersonTransferred: "intake.person.transferred.v1",
    PersonLocationChanged: "intake.person.location_changed.v1",
    PersonRecategorised: "intake.person.recategorised.v1",
    TemporaryAbsenceStarted: "intake.temporary_absence.started.v1",
    TemporaryAbsenceEnded: "intake.temporary_absence.ended.v1",
}
