"""Response bodies of the staff API, built from the domain objects."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ContactDetailsOut(Out):
    phone: str | None
    email: str | None
    address: str | None


class MemberOut(Out):
    member_id: UUID
    name: str
    relationship: str
    is_child: bool
    next_of_kin: bool
    approved_visitor: bool
    contact: ContactDetailsOut


class AgencyContactOut(Out):
    agency_contact_id: UUID
    kind: str
    name: str
    organisation: str | None
    contact: ContactDetailsOut


class ConsentOut(Out):
    recipient: str
    granted: bool
    recorded_on: date
    recorded_by: str
    scope: str | None


class SharingOut(Out):
    recipient: str
    shared_on: date
    shared_by: str
    consent: ConsentOut


class FlagOut(Out):
    flag_id: UUID
    kind: str
    raised_on: date
    raised_by: str
    details: str | None
    resolved_on: date | None
    is_open: bool


class RestrictionOut(Out):
    restriction_id: UUID
    kind: str
    starts_on: date
    ends_on: date | None
    lifted_on: date | None
    imposed_by: str
    reason: str
    description: str


class ContactOut(Out):
    contact_id: UUID
    kind: str
    on: date
    worker: str
    status: str
    outcome: str | None
    notes: str | None


class TaskOut(Out):
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: str
    owner: str
    due_on: date
    status: str
    completed_on: date | None
    outcome: str | None
    cancel_reason: str | None
    overdue: bool = False


class CaseSummaryOut(Out):
    case_id: UUID
    person_id: UUID
    worker: str
    opened_on: date
    as_of: date
    restrictions_in_force: list[RestrictionOut]
    open_safeguarding_flags: list[FlagOut]


class CaseOut(CaseSummaryOut):
    members: list[MemberOut]
    agency_contacts: list[AgencyContactOut]
    consents: list[ConsentOut]
    sharing: list[SharingOut]
    safeguarding_flags: list[FlagOut]
    restrictions: list[RestrictionOut]
    contacts: list[ContactOut]
    followup_tasks: list[TaskOut]
