"""Commands of the staff API: what a worker asked for, in plain values. `actor` is the
authenticated subject (for the audit trail and as the default worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class OpenCase:
    person_id: UUID
    worker: str
    actor: str


@dataclass(frozen=True)
class AssignWorker:
    case_id: UUID
    worker: str
    actor: str


@dataclass(frozen=True)
class AddMember:
    case_id: UUID
    actor: str
    name: str
    relationship: str
    is_child: bool = False
    next_of_kin: bool = False
    approved_visitor: bool = False
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class AddAgencyContact:
    case_id: UUID
    actor: str
    kind: str
    name: str
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class RecordConsent:
    case_id: UUID
    actor: str
    recipient: str
    granted: bool
    recorded_on: date
    scope: str | None = None


@dataclass(frozen=True)
class ShareInformation:
    case_id: UUID
    actor: str
    recipient: str
    shared_on: date


@dataclass(frozen=True)
class RecordContact:
    case_id: UUID
    actor: str
    kind: str
    on: date
    worker: str
    outcome: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ImposeRestriction:
    case_id: UUID
    actor: str
    kind: str
    starts_on: date
    reason: str
    ends_on: date | None = None


@dataclass(frozen=True)
class LiftRestriction:
    case_id: UUID
    restriction_id: UUID
    actor: str
    lifted_on: date


@dataclass(frozen=True)
class RaiseFlag:
    case_id: UUID
    actor: str
    kind: str
    raised_on: date
    details: str | None = None


@dataclass(frozen=True)
class ResolveFlag:
    case_id: UUID
    flag_id: UUID
    actor: str
    resolved_on: date


@dataclass(frozen=True)
class CompleteTask:
    task_id: UUID
    actor: str
    completed_on: date
    outcome: str
