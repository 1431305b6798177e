"""What every part of the Person aggregate shares: its state (declared here, stored by
`Person`), its events, and the checks each change makes first.

`Person` (person.py) is built from parts, one module each: reception (person.py), release
and moves in custody (person_custody.py), temporary absences (person_absences.py), and the
programme's referrals, consent and assessments (person_programme.py).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pathways.platform.errors import Conflict, InvalidInput

from . import events as ev
from .assessments import Assessment
from .custody import CustodySnapshot, CustodyStatus, ReleasePlan, ReleaseType, TemporaryAbsence
from .reception import Screening
from .referral import Referral
from .values import PersonName, SecurityCategory, require_aware


class PersonCore:
    """The state of a person (the fields of the `Person` dataclass) and the shared checks."""

    person_id: uuid.UUID
    prison_number: str
    status: CustodyStatus
    prison_code: str
    received_at: datetime
    last_movement_at: datetime
    wing: str | None
    name: PersonName | None
    date_of_birth: date | None
    category: SecurityCategory | None
    screening: Screening | None
    released_at: datetime | None
    release_plan: ReleasePlan | None
    release_type: ReleaseType | None
    destination_area: str | None
    absences: list[TemporaryAbsence]
    referrals: list[Referral]
    assessments: list[Assessment]
    events: list[ev.IntakeEvent]

    @property
    def open_absence(self) -> TemporaryAbsence | None:
        """The temporary absence the person is on now, if any."""
        return next((a for a in self.absences if a.is_open), None)

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
