"""What placements knows about a person, accumulated from other services' events and the
coordinator's entries: qualification, custody, risk assessment and disclosure check.

Every `record_*` method is idempotent and tolerant of stale facts, so redelivered or late
events leave the state as it should be. Intake's events for one person arrive in order (same
key, same topic); the mentoring qualification may arrive at any point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pathways.placements.domain.providers import DisclosureLevel
from pathways.platform.checks import (
    as_utc,
    local_date,
    not_in_future,
    require_text,
    to_enum,
)
from pathways.platform.errors import Conflict


class CustodyStatus(StrEnum):
    IN_CUSTODY = "in_custody"
    RELEASED = "released"
    ON_ROTL = "on_rotl"


class AbsenceKind(StrEnum):
    ROTL_DAY = "rotl_day"
    ROTL_OVERNIGHT = "rotl_overnight"
    CHILDCARE = "childcare"
    SPECIAL_PURPOSE = "special_purpose"


ROTL_KINDS: frozenset[AbsenceKind] = frozenset({AbsenceKind.ROTL_DAY, AbsenceKind.ROTL_OVERNIGHT})


class RiskOutcome(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class Release:
    released_at: datetime
    destination_area: str | None = None

    @property
    def released_on(self) -> date:
        """The local calendar day of the release."""
        return local_date(self.released_at)


@dataclass(frozen=True)
class TemporaryAbsence:
    absence_id: UUID
    kind: AbsenceKind
    starts_at: datetime
    ends_at: datetime

    @property
    def is_rotl(self) -> bool:
        """A ROTL kind that opens a referral and allows a placement (day or overnight)."""
        return AbsenceKind(self.kind) in ROTL_KINDS


@dataclass(frozen=True)
class RiskAssessment:
    outcome: RiskOutcome
    on: date
    by: str


@dataclass(frozen=True)
class DisclosureCheck:
    level: DisclosureLevel
    on: date


@dataclass
class PersonState:
    person_id: UUID
    qualified_on: date | None = None
    status: CustodyStatus = CustodyStatus.IN_CUSTODY
    period: int = 0  # custody period, +1 each time the person is received back after release
    period_started_at: datetime | None = None
    release: Release | None = None  # the latest release (kept after a recall, for outcomes)
    absence: TemporaryAbsence | None = None  # the current temporary absence
    risk_assessment: RiskAssessment | None = None
    disclosure: DisclosureCheck | None = None
    opened_triggers: set[str] = field(default_factory=set)  # see triggers.py
    prison_code: str | None = None  # where in custody (or last released from), when known
    consent: bool | None = None  # consent to placements as intake last said; None: never said
    consent_at: datetime | None = None

    @property
    def refuses_placements(self) -> bool:
        """Intake said the person does not (or no longer) consent to placements. A person
        intake never said anything about (a mentor never referred) is not refused."""
        return self.consent is False

    def require_consent(self) -> None:
        """Staff may not open placement work for a person refusing placements (409)."""
        if self.refuses_placements:
            raise Conflict(
                f"person {self.person_id} has not consented to placements", code="no_consent"
            )

    def record_consent(self, allowed: bool, at: datetime) -> bool:
        """The newest consent fact wins; False when `at` is older than the one kept."""
        at = as_utc(at)
        if self.consent_at is not None and at < self.consent_at:
            return False
        self.consent, self.consent_at = allowed, at
        return True

    @property
    def is_qualified(self) -> bool:
        return self.qualified_on is not None

    def record_qualified(self, awarded_on: date) -> None:
        """`mentoring.mentor.qualified.v1` (the first award date is kept)."""
        if self.qualified_on is None:
            self.qualified_on = awarded_on

    def record_released(
        self, released_at: datetime, destination_area: str | None, prison_code: str | None = None
    ) -> None:
        """`intake.person.released.v1`; a release older than the custody period is ignored."""
        released_at = as_utc(released_at)
        if self.period_started_at is not None and released_at <= self.period_started_at:
            return
        self.release = Release(released_at, destination_area)
        self.status, self.absence = CustodyStatus.RELEASED, None
        self.prison_code = prison_code or self.prison_code

    def record_received(self, received_at: datetime, prison_code: str | None = None) -> bool:
        """Received into custody: after a release a new custody period begins (True is
        returned: the caller ends the earlier period's work); from a temporary absence the
        person is back in. A reception older than the latest release is stale."""
        received_at = as_utc(received_at)
        recalled = self.status is CustodyStatus.RELEASED
        if recalled:
            if self.release is not None and received_at <= self.release.released_at:
                return False  # stale: the release is newer
            self.period, self.period_started_at = self.period + 1, received_at
        self.status, self.absence = CustodyStatus.IN_CUSTODY, None
        self.prison_code = prison_code or self.prison_code
        return recalled

    def record_transferred(self, transferred_at: datetime, to_prison_code: str) -> bool:
        """`intake.person.transferred.v1`: in custody at `to_prison_code` from `transferred_at`,
        the same custody period (a ROTL absence is over). A transfer later than the latest
        release can only follow a reception, so it counts as one (True: a new period)."""
        return self.record_received(transferred_at, to_prison_code)

    def record_absence_started(self, absence: TemporaryAbsence) -> None:
        """`intake.temporary_absence.started.v1` (ignored once released)."""
        if self.status is not CustodyStatus.RELEASED:
            self.status, self.absence = CustodyStatus.ON_ROTL, absence

    def record_absence_ended(self, absence_id: UUID) -> None:
        """`intake.temporary_absence.ended.v1` for the current absence (others are ignored)."""
        if self.absence is not None and self.absence.absence_id == absence_id:
            self.status, self.absence = CustodyStatus.IN_CUSTODY, None

    def record_risk_assessment(
        self, outcome: RiskOutcome, on: date, by: str, today: date
    ) -> RiskAssessment:
        """The coordinator's assessment; the latest (by date) is the one in force."""
        not_in_future(on, today, "assessed_on")
        assessment = RiskAssessment(
            to_enum(RiskOutcome, outcome, "outcome"), on, require_text(by, "assessed_by")
        )
        if self.risk_assessment is None or on >= self.risk_assessment.on:
            self.risk_assessment = assessment
        return assessment

    def record_disclosure_check(self, level: DisclosureLevel, on: date, today: date) -> None:
        """A disclosure (DBS) check obtained; the latest (by date) is the one in force."""
        not_in_future(on, today, "checked_on")
        if self.disclosure is None or on >= self.disclosure.on:
            self.disclosure = DisclosureCheck(
                to_enum(DisclosureLevel, level, "disclosure_level"), on
            )
