"""The Person aggregate: identity, custody state, referrals and assessments.

Every method checks the rules, changes state and appends a domain event to `events`; the
service layer saves the person and maps `pull_events()` to contract events. Times are passed
in (timezone-aware); the domain never reads the clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from pathways.platform.errors import Conflict, InvalidInput, NotFound

from . import events as ev
from .assessments import Assessment, current_clean_since, days_clean, latest_first
from .custody import (
    CustodySnapshot,
    CustodyStatus,
    ReleasePlan,
    ReleaseType,
    TemporaryAbsence,
    TemporaryAbsenceKind,
    check_rotl_allowed,
)
from .instruments import Barc10, Top
from .prisons import validate_prison_code
from .reception import Reception, ReceptionReason, Screening
from .referral import Consent, Referral
from .values import (
    PersonName,
    SecurityCategory,
    require_aware,
    validate_prison_number,
    validate_short_text,
    validate_wing,
)


@dataclass(eq=False)
class Person:
    """A prisoner known to the programme. Create with `Person.receive_new`."""

    person_id: uuid.UUID
    prison_number: str
    status: CustodyStatus
    prison_code: str
    received_at: datetime
    last_movement_at: datetime
    wing: str | None = None
    name: PersonName | None = None
    date_of_birth: date | None = None
    category: SecurityCategory | None = None
    screening: Screening | None = None
    released_at: datetime | None = None
    release_plan: ReleasePlan | None = None
    release_type: ReleaseType | None = None  # of the latest release (kept for the extract)
    destination_area: str | None = None  # of the latest release
    absences: list[TemporaryAbsence] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    events: list[ev.IntakeEvent] = field(default_factory=list)

    # ---- reception -------------------------------------------------------------------------

    @classmethod
    def receive_new(
        cls,
        *,
        prison_number: str,
        reception: Reception,
        person_id: uuid.UUID | None = None,
        name: PersonName | None = None,
        date_of_birth: date | None = None,
        category: SecurityCategory | None = None,
    ) -> Person:
        """A first reception: creates the person in custody and records PersonReceived."""
        person = cls(
            person_id=person_id or uuid.uuid4(),
            prison_number=validate_prison_number(prison_number),
            status=CustodyStatus.IN_CUSTODY,
            prison_code=reception.prison_code,
            received_at=reception.received_at,
            last_movement_at=reception.received_at,
            wing=reception.wing,
            name=name,
            date_of_birth=date_of_birth,
            category=category,
            screening=reception.screening,
        )
        person._record_received(reception.reason)
        return person

    def receive(self, reception: Reception) -> None:
        """Readmission of a released person (same person; reason is always readmission).

        A person in custody (or on temporary absence) is not received twice: Conflict.
        """
        if self.status is not CustodyStatus.RELEASED:
            raise Conflict(
                f"prison number {self.prison_number} is already in custody at "
                f"{self.prison_code}; a person is not received twice",
                code="already_in_custody",
            )
        self._require_after_last_movement(reception.received_at, "received_at")
        self.status = CustodyStatus.IN_CUSTODY
        self.prison_code = reception.prison_code
        self.wing = reception.wing
        self.received_at = self.last_movement_at = reception.received_at
        self.screening = reception.screening
        self.category = None  # recategorised after each new reception
        self._record_received(ReceptionReason.READMISSION)

    def _record_received(self, reason: ReceptionReason) -> None:
        self.events.append(
            ev.PersonReceived(
                self.person_id,
                self.prison_number,
                self.prison_code,
                self.wing,
                self.received_at,
                reason,
            )
        )

    def move_to_wing(self, wing: str | None, *, at: datetime) -> None:
        """A move within the prison after reception: published (location_changed) when the
        wing really changes; the same wing again, or blank, changes nothing."""
        self._require_in_prison("change wing")
        require_aware(at, "changed_at")
        new_wing = validate_wing(wing)
        if new_wing is None or new_wing == self.wing:
            return
        self._require_after_last_movement(at, "changed_at")
        self.wing = new_wing
        self.events.append(ev.PersonLocationChanged(self.person_id, self.prison_code, new_wing, at))

    # ---- release ---------------------------------------------------------------------------

    def schedule_release(self, plan: ReleasePlan, *, today: date) -> None:
        """Set (or replace) the release plan; the expected date may not be in the past."""
        self._require_in_prison("schedule a release")
        if plan.expected_on < today:
            raise InvalidInput(
                f"expected release date {plan.expected_on.isoformat()} is in the past "
                f"(today is {today.isoformat()})",
                code="release_date_in_past",
            )
        self.release_plan = plan
        self.events.append(
            ev.ReleaseScheduled(
                self.person_id, self.prison_code, plan.expected_on, plan.release_type
            )
        )

    def cancel_release_plan(self, reason: str) -> None:
        """The planned release will not happen (parole refused, recall, new charges…)."""
        self._require_in_prison("cancel a release plan")
        if self.release_plan is None:
            raise Conflict("there is no release plan to cancel", code="no_release_plan")
        reason = reason.strip()
        if not reason:
            raise InvalidInput(
                "a reason is required to cancel a release plan", code="reason_required"
            )
        cancelled, self.release_plan = self.release_plan, None
        self.events.append(
            ev.ReleaseCancelled(self.person_id, self.prison_code, cancelled.expected_on, reason)
        )

    def release(
        self,
        *,
        released_at: datetime,
        release_type: ReleaseType | None = None,
        destination_area: str | None = None,
    ) -> None:
        """Release from custody. Type defaults to the plan's (else `other`).

        Ends an open temporary absence first (TemporaryAbsenceEnded, then PersonReleased).
        """
        if self.status is CustodyStatus.RELEASED:
            raise Conflict(
                f"prison number {self.prison_number} was already released at "
                f"{self.released_at.isoformat() if self.released_at else '?'}",
                code="already_released",
            )
        require_aware(released_at, "released_at")
        if released_at < self.received_at:
            raise InvalidInput(
                f"released_at {released_at.isoformat()} is before the reception at "
                f"{self.received_at.isoformat()}",
                code="release_before_reception",
            )
        self._require_after_last_movement(released_at, "released_at")
        area = validate_short_text(destination_area, "destination_area")
        chosen_type = release_type or (
            self.release_plan.release_type if self.release_plan else ReleaseType.OTHER
        )
        if self.open_absence is not None:
            self.end_temporary_absence(
                absence_id=self.open_absence.absence_id, ended_at=released_at
            )
        self.status = CustodyStatus.RELEASED
        self.released_at = self.last_movement_at = released_at
        self.release_plan = None
        self.release_type, self.destination_area = ReleaseType(chosen_type), area
        self.events.append(
            ev.PersonReleased(
                self.person_id,
                self.prison_number,
                self.prison_code,
                released_at,
                ReleaseType(chosen_type),
                area,
            )
        )

    # ---- moves within custody --------------------------------------------------------------

    def transfer(
        self, *, to_prison_code: str, transferred_at: datetime, wing: str | None = None
    ) -> None:
        """Move to a different known prison. Not when released or on temporary absence."""
        self._require_in_prison("transfer")
        if self.status is CustodyStatus.ON_TEMPORARY_ABSENCE:
            raise Conflict(
                f"prison number {self.prison_number} is on temporary absence; end it "
                "before a transfer",
                code="on_temporary_absence",
            )
        destination = validate_prison_code(to_prison_code)
        new_wing = validate_wing(wing)
        if destination == self.prison_code:
            raise Conflict(
                f"prison number {self.prison_number} is already at {destination}",
                code="same_prison",
            )
        require_aware(transferred_at, "transferred_at")
        self._require_after_last_movement(transferred_at, "transferred_at")
        origin, self.prison_code = self.prison_code, destination
        self.wing = new_wing
        self.last_movement_at = transferred_at
        self.events.append(
            ev.PersonTransferred(self.person_id, origin, destination, transferred_at, new_wing)
        )

    def recategorise(self, category: SecurityCategory) -> None:
        """Change the security category (to D = open conditions, which makes ROTL possible)."""
        self._require_in_prison("recategorise")
        category = SecurityCategory(category)
        if category is self.category:
            raise Conflict(
                f"prison number {self.prison_number} is already category {category}",
                code="category_unchanged",
            )
        previous, self.category = self.category, category
        self.events.append(ev.PersonRecategorised(self.person_id, category, previous))

    # ---- temporary absence -----------------------------------------------------------------

    @property
    def open_absence(self) -> TemporaryAbsence | None:
        """The temporary absence the person is on now, if any."""
        return next((a for a in self.absences if a.is_open), None)

    def start_temporary_absence(
        self,
        *,
        kind: TemporaryAbsenceKind,
        starts_at: datetime,
        ends_at: datetime,
        absence_id: uuid.UUID | None = None,
    ) -> TemporaryAbsence:
        """Start a ROTL. Needs custody, no open absence, and an eligible category."""
        self._require_in_prison("start a temporary absence")
        if self.status is CustodyStatus.ON_TEMPORARY_ABSENCE:
            raise Conflict(
                f"prison number {self.prison_number} is already on temporary absence",
                code="already_on_temporary_absence",
            )
        kind = TemporaryAbsenceKind(kind)
        require_aware(starts_at, "starts_at")
        require_aware(ends_at, "ends_at")
        absence = TemporaryAbsence(absence_id or uuid.uuid4(), kind, starts_at, ends_at)
        self._require_after_last_movement(starts_at, "starts_at")
        check_rotl_allowed(kind, self.category)
        self.absences.append(absence)
        self.status = CustodyStatus.ON_TEMPORARY_ABSENCE
        self.last_movement_at = starts_at
        self.events.append(
            ev.TemporaryAbsenceStarted(self.person_id, absence.absence_id, kind, starts_at, ends_at)
        )
        return absence

    def end_temporary_absence(self, *, absence_id: uuid.UUID, ended_at: datetime) -> None:
        """Record the return from the absence `absence_id`."""
        index = next((i for i, a in enumerate(self.absences) if a.absence_id == absence_id), None)
        if index is None:
            raise NotFound(
                f"temporary absence {absence_id} not found for prison number {self.prison_number}",
                code="absence_not_found",
            )
        absence = self.absences[index]
        if not absence.is_open:
            raise Conflict(
                f"temporary absence {absence_id} has already ended", code="absence_already_ended"
            )
        require_aware(ended_at, "ended_at")
        ended = TemporaryAbsence(
            absence.absence_id, absence.kind, absence.starts_at, absence.ends_at, ended_at
        )
        self.absences[index] = ended
        self.status = CustodyStatus.IN_CUSTODY
        self.last_movement_at = max(self.last_movement_at, ended_at)
        self.events.append(
            ev.TemporaryAbsenceEnded(
                self.person_id, absence_id, absence.kind, absence.starts_at, ended_at
            )
        )

    # ---- referral and assessment -----------------------------------------------------------

    def refer(self, referral: Referral) -> None:
        """Add a referral to the programme (only while in custody)."""
        self._require_in_prison("refer")
        if any(r.referral_id == referral.referral_id for r in self.referrals):
            raise Conflict(
                f"referral {referral.referral_id} is already recorded", code="duplicate_referral"
            )
        self.referrals.append(referral)
        self.events.append(
            ev.PersonReferred(
                self.person_id,
                referral.referral_id,
                referral.source,
                referral.substances,
                referral.urgency,
                referral.allowed,
                referral.referred_on,
            )
        )

    def change_consent(self, consents: Iterable[Consent], *, at: datetime) -> Referral:
        """Record consent given or withdrawn after the referral (on the latest referral, whose
        consent is the one in force); published whole, so every team hears a withdrawal."""
        if not self.referrals:
            raise Conflict(
                f"person {self.person_id} has no referral to record consent on",
                code="no_referral",
            )
        latest = self.referrals[-1]
        for consent in consents:
            latest = latest.with_consent(consent)
        self.referrals[-1] = latest
        self.events.append(ev.ConsentChanged(self.person_id, latest.allowed, at))
        return latest

    def assess(
        self,
        *,
        assessed_on: date,
        today: date,
        barc10: Barc10 | None = None,
        top: Top | None = None,
        clean_since: date | None = None,
        assessment_id: uuid.UUID | None = None,
    ) -> Assessment:
        """Record an assessment (clean-since checked against the date of birth)."""
        assessment = Assessment.create(
            assessed_on=assessed_on,
            today=today,
            barc10=barc10,
            top=top,
            clean_since=clean_since,
            date_of_birth=self.date_of_birth,
            assessment_id=assessment_id,
        )
        if any(a.assessment_id == assessment.assessment_id for a in self.assessments):
            raise Conflict(
                f"assessment {assessment.assessment_id} is already recorded",
                code="duplicate_assessment",
            )
        self.assessments.append(assessment)
        self.events.append(
            ev.PersonAssessed(
                self.person_id,
                assessment.assessment_id,
                assessed_on,
                assessment.barc10_total,
                clean_since,
            )
        )
        return assessment

    @property
    def assessment_history(self) -> list[Assessment]:
        """Assessments, latest first."""
        return latest_first(self.assessments)

    def days_clean(self, today: date) -> int | None:
        """Days clean from the latest recorded clean-since date (None when never recorded)."""
        since = current_clean_since(self.assessments)
        return days_clean(since, today) if since else None

    # ---- helpers ---------------------------------------------------------------------------

    def custody_snapshot(self) -> CustodySnapshot:
        """The state the feed translator decides on (see feed.decide)."""
        absence = self.open_absence
        return CustodySnapshot(
            self.status,
            self.prison_code,
            self.last_movement_at,
            absence.absence_id if absence else None,
        )

    def pull_events(self) -> list[ev.IntakeEvent]:
        """Return the recorded events and clear them."""
        pulled, self.events = self.events, []
        return pulled

    def _require_in_prison(self, action: str) -> None:
        if self.status is CustodyStatus.RELEASED:
            raise Conflict(
                f"cannot {action}: prison number {self.prison_number} has been released",
                code="not_in_custody",
            )

    def _require_after_last_movement(self, moment: datetime, field_name: str) -> None:
        require_aware(moment, field_name)
        if moment < self.last_movement_at:
            raise InvalidInput(
                f"{field_name} {moment.isoformat()} is before the last recorded movement at "
                f"{self.last_movement_at.isoformat()}",
                code="before_last_movement",
            )
