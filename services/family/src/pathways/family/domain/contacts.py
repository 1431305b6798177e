"""Activities with the family: home visits, phone calls, mediated visits, liaison, support."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.platform.checks import optional_text, require_text, to_enum


class ContactKind(StrEnum):
    """The kinds of family contact named in the contract (`family.contact.recorded.v1`)."""

    HOME_VISIT = "home_visit"
    PHONE = "phone"
    MEDIATED_VISIT = "mediated_visit"
    AGENCY_LIAISON = "agency_liaison"
    SUPPORT = "support"


class ContactStatus(StrEnum):
    """`held`: it happened (date today or earlier); `planned`: scheduled for a later date."""

    HELD = "held"
    PLANNED = "planned"


class ContactOutcome(StrEnum):
    """What came of a contact or a follow-up task."""

    CONTACT_MADE = "contact_made"
    MEETING_HELD = "meeting_held"
    NO_ANSWER = "no_answer"
    FAMILY_DECLINED = "family_declined"
    DID_NOT_ATTEND = "did_not_attend"
    REFERRED_ON = "referred_on"


@dataclass
class Contact:
    """One activity. `notes` are sensitive and never leave the service."""

    kind: ContactKind
    on: date
    worker: str
    status: ContactStatus
    outcome: ContactOutcome | None = None
    notes: str | None = None
    contact_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = to_enum(ContactKind, self.kind, "kind")
        self.status = ContactStatus(self.status)
        self.worker = require_text(self.worker, "worker")
        self.notes = optional_text(self.notes)
        if self.outcome is not None:
            self.outcome = to_enum(ContactOutcome, self.outcome, "outcome")
