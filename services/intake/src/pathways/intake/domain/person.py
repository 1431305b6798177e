"""The Person aggregate: identity, custody state, referrals and assessments.

Every method checks the rules, changes state and appends a domain event to `events`; the
service layer saves the person and maps `pull_events()` to contract events. Times are passed
in (timezone-aware); the domain never reads the clock. The methods live in one module per
part (see person_core.py); this one holds the state and the reception.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from pathways.platform.errors import Conflict

from . import events as ev
from .assessments import Assessment
from .custody import CustodyStatus, ReleasePlan, ReleaseType, TemporaryAbsence
from .person_custody import PersonCustody
from .person_programme import PersonProgramme
from .reception import Reception, ReceptionReason, Screening
from .referral import Referral
from .values import PersonName, SecurityCategory, validate_prison_number


@dataclass(eq=False)
class Person(PersonCustody, PersonProgramme):
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
