"""Domain events of the family service.

Plain facts recorded by the aggregates in their `events` list. They carry references and the
minimum facts only (no names, contact details or notes); the service layer maps them to the
contract's integration events (`family.case.opened.v1`, `family.contact.recorded.v1`,
`family.followup.scheduled.v1`, `family.followup.completed.v1`) or keeps them internal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pathways.family.domain.consent import Recipient
from pathways.family.domain.contacts import ContactKind, ContactOutcome, ContactStatus
from pathways.family.domain.tasks import TaskKind


@dataclass(frozen=True)
class CaseOpened:
    case_id: UUID
    person_id: UUID
    opened_on: date


@dataclass(frozen=True)
class MemberAdded:
    case_id: UUID
    person_id: UUID
    member_id: UUID


@dataclass(frozen=True)
class AgencyContactAdded:
    case_id: UUID
    person_id: UUID
    agency_contact_id: UUID


@dataclass(frozen=True)
class ConsentRecorded:
    case_id: UUID
    person_id: UUID
    recipient: Recipient
    granted: bool
    recorded_on: date


@dataclass(frozen=True)
class InformationShared:
    case_id: UUID
    person_id: UUID
    recipient: Recipient
    shared_on: date


@dataclass(frozen=True)
class SafeguardingFlagRaised:
    case_id: UUID
    person_id: UUID
    flag_id: UUID


@dataclass(frozen=True)
class SafeguardingFlagResolved:
    case_id: UUID
    person_id: UUID
    flag_id: UUID


@dataclass(frozen=True)
class RestrictionImposed:
    case_id: UUID
    person_id: UUID
    restriction_id: UUID
    kind: ContactKind


@dataclass(frozen=True)
class RestrictionLifted:
    case_id: UUID
    person_id: UUID
    restriction_id: UUID
    kind: ContactKind


@dataclass(frozen=True)
class ContactRecorded:
    """A contact held (status `held`) or planned for a future date (status `planned`)."""

    case_id: UUID
    person_id: UUID
    contact_id: UUID
    kind: ContactKind
    on: date
    status: ContactStatus
    outcome: ContactOutcome | None


@dataclass(frozen=True)
class FollowUpScheduled:
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: TaskKind
    due_on: date
    owner: str | None = None  # the worker's staff identifier (published since issue 16)


@dataclass(frozen=True)
class FollowUpRedated:
    """An open task moved to a new due date (re-planning)."""

    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: TaskKind
    due_on: date
    previous_due_on: date
    owner: str | None = None


@dataclass(frozen=True)
class FollowUpReassigned:
    """An open task handed to the case's new worker."""

    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: TaskKind
    owner: str
    previous_owner: str


@dataclass(frozen=True)
class FollowUpCancelled:
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: TaskKind
    reason: str


@dataclass(frozen=True)
class FollowUpCompleted:
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: TaskKind
    completed_on: date
    outcome: ContactOutcome


FamilyEvent = (
    CaseOpened
    | MemberAdded
    | AgencyContactAdded
    | ConsentRecorded
    | InformationShared
    | SafeguardingFlagRaised
    | SafeguardingFlagResolved
    | RestrictionImposed
    | RestrictionLifted
    | ContactRecorded
    | FollowUpScheduled
    | FollowUpRedated
    | FollowUpReassigned
    | FollowUpCancelled
    | FollowUpCompleted
)
