"""A person's release (plans, cancellations, the release itself) and moves in custody
(wing moves, transfers, recategorisation)."""

from __future__ import annotations

from datetime import date, datetime

from pathways.platform.errors import Conflict, InvalidInput

from . import events as ev
from .custody import CustodyStatus, ReleasePlan, ReleaseType
from .person_absences import PersonAbsences
from .prisons import validate_prison_code
from .values import SecurityCategory, require_aware, validate_short_text, validate_wing


class PersonCustody(PersonAbsences):
    """Release and moves; a release ends an open temporary absence first."""

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
