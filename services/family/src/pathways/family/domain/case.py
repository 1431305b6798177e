"""The family case aggregate: one per person, owned by a family worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from pathways.family.domain import events as ev
from pathways.family.domain.consent import ConsentRecord, Recipient, current_consent
from pathways.family.domain.contacts import Contact, ContactKind, ContactOutcome, ContactStatus
from pathways.family.domain.members import AgencyContact, FamilyMember
from pathways.family.domain.safeguarding import (
    ContactRestriction,
    SafeguardingFlag,
    ensure_contact_allowed,
    restrictions_in_force,
)
from pathways.platform.checks import not_in_future, require_text, to_enum
from pathways.platform.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True)
class SharingRecord:
    """An audit line: information went to `recipient` under the consent in force that day."""

    recipient: Recipient
    shared_on: date
    shared_by: str
    consent: ConsentRecord


@dataclass
class FamilyCase:
    """Family members, agencies, consent, safeguarding and contacts for one person."""

    person_id: UUID
    worker: str
    opened_on: date
    case_id: UUID = field(default_factory=uuid4)
    members: list[FamilyMember] = field(default_factory=list)
    agency_contacts: list[AgencyContact] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    sharing: list[SharingRecord] = field(default_factory=list)
    flags: list[SafeguardingFlag] = field(default_factory=list)
    restrictions: list[ContactRestriction] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    events: list[ev.FamilyEvent] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def open(
        cls, person_id: UUID, worker: str, opened_on: date, case_id: UUID | None = None
    ) -> FamilyCase:
        """Open a case (records CaseOpened). One case per person is the repository's job."""
        case = cls(person_id, require_text(worker, "worker"), opened_on, case_id or uuid4())
        case.events.append(ev.CaseOpened(case.case_id, person_id, opened_on))
        return case

    def assign_worker(self, worker: str) -> None:
        """Hand the case to another family worker."""
        self.worker = require_text(worker, "worker")

    # -- people ---------------------------------------------------------------------------
    def add_member(self, member: FamilyMember) -> FamilyMember:
        self.members.append(member)
        self.events.append(ev.MemberAdded(self.case_id, self.person_id, member.member_id))
        return member

    def member(self, member_id: UUID) -> FamilyMember:
        for member in self.members:
            if member.member_id == member_id:
                return member
        raise NotFound(f"no family member {member_id} on case {self.case_id}", code="no_member")

    def add_agency_contact(self, contact: AgencyContact) -> AgencyContact:
        self.agency_contacts.append(contact)
        self.events.append(
            ev.AgencyContactAdded(self.case_id, self.person_id, contact.agency_contact_id)
        )
        return contact

    # -- consent to share -----------------------------------------------------------------
    def record_consent(self, record: ConsentRecord, today: date) -> ConsentRecord:
        """Add a grant or withdrawal to the consent history (not dated in the future)."""
        not_in_future(record.recorded_on, today, "recorded_on")
        self.consents.append(record)
        self.events.append(
            ev.ConsentRecorded(
                self.case_id, self.person_id, record.recipient, record.granted, record.recorded_on
            )
        )
        return record

    def consent_for(self, recipient: Recipient, on: date) -> ConsentRecord | None:
        """The grant in force for `recipient` on `on`, or None."""
        return current_consent(self.consents, to_enum(Recipient, recipient, "recipient"), on)

    def share_information(
        self, recipient: Recipient, shared_on: date, shared_by: str
    ) -> SharingRecord:
        """Record that information went to `recipient`; refused without consent in force."""
        recipient = to_enum(Recipient, recipient, "recipient")
        consent = self.consent_for(recipient, shared_on)
        if consent is None:
            raise Conflict(
                f"no consent to share with {recipient.value} is in force on "
                f"{shared_on.isoformat()} for case {self.case_id}",
                code="no_consent_to_share",
            )
        record = SharingRecord(recipient, shared_on, require_text(shared_by, "shared_by"), consent)
        self.sharing.append(record)
        self.events.append(ev.InformationShared(self.case_id, self.person_id, recipient, shared_on))
        return record

    # -- safeguarding -------------------------------------------------------------------
    def raise_flag(self, flag: SafeguardingFlag) -> SafeguardingFlag:
        self.flags.append(flag)
        self.events.append(ev.SafeguardingFlagRaised(self.case_id, self.person_id, flag.flag_id))
        return flag

    def resolve_flag(self, flag_id: UUID, on: date) -> SafeguardingFlag:
        flag = next((f for f in self.flags if f.flag_id == flag_id), None)
        if flag is None:
            raise NotFound(f"no safeguarding flag {flag_id} on case {self.case_id}", code="no_flag")
        flag.resolve(on)
        self.events.append(ev.SafeguardingFlagResolved(self.case_id, self.person_id, flag_id))
        return flag

    @property
    def open_flags(self) -> list[SafeguardingFlag]:
        return [flag for flag in self.flags if flag.is_open]

    def impose_restriction(self, restriction: ContactRestriction) -> ContactRestriction:
        self.restrictions.append(restriction)
        self.events.append(
            ev.RestrictionImposed(
                self.case_id, self.person_id, restriction.restriction_id, restriction.kind
            )
        )
        return restriction

    def lift_restriction(self, restriction_id: UUID, on: date) -> ContactRestriction:
        restriction = next(
            (r for r in self.restrictions if r.restriction_id == restriction_id), None
        )
        if restriction is None:
            raise NotFound(
                f"no contact restriction {restriction_id} on case {self.case_id}",
                code="no_restriction",
            )
        restriction.lift(on)
        self.events.append(
            ev.RestrictionLifted(self.case_id, self.person_id, restriction_id, restriction.kind)
        )
        return restriction

    def restrictions_in_force(self, on: date) -> list[ContactRestriction]:
        """Restrictions active on `on`: show them on every read of the case."""
        return restrictions_in_force(self.restrictions, on)

    # -- contacts -------------------------------------------------------------------------
    def record_contact(
        self,
        kind: ContactKind,
        on: date,
        worker: str,
        today: date,
        outcome: ContactOutcome | None = None,
        notes: str | None = None,
    ) -> Contact:
        """Record a contact held on or before `today` (needs an outcome) or plan one for a later
        date (no outcome yet). Refused while a restriction of that kind applies on `on`."""
        kind = to_enum(ContactKind, kind, "kind")
        status = ContactStatus.PLANNED if on > today else ContactStatus.HELD
        if status is ContactStatus.HELD and outcome is None:
            raise InvalidInput(
                f"a contact held on {on.isoformat()} needs an outcome", code="outcome_required"
            )
        if status is ContactStatus.PLANNED and outcome is not None:
            raise InvalidInput(
                f"a contact planned for {on.isoformat()} cannot have an outcome yet",
                code="outcome_not_allowed",
            )
        ensure_contact_allowed(self.restrictions, kind, on)
        contact = Contact(kind, on, worker, status, outcome, notes)
        self.contacts.append(contact)
        self.events.append(
            ev.ContactRecorded(
                self.case_id, self.person_id, contact.contact_id, kind, on, status, contact.outcome
            )
        )
        return contact
