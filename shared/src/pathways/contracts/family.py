"""Events published by family on `pathways.family` (contract.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pathways.contracts.envelope import EventData


class ContactKind(StrEnum):
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    MEDIATED_VISIT = "mediated_visit"
    AGENCY_LIAISON = "agency_liaison"
    SUPPORT = "support"


class FollowUpKind(StrEnum):
    PRE_RELEASE_MEETING = "pre_release_meeting"
    RELEASE_DAY_CONTACT = "release_day_contact"
    DAY_7_CHECK = "day_7_check"
    DAY_28_CHECK = "day_28_check"


class CaseOpened(EventData):
    event_type = "family.case.opened.v1"
    case_id: UUID
    person_id: UUID


class ContactRecorded(EventData):
    event_type = "family.contact.recorded.v1"
    case_id: UUID
    person_id: UUID
    kind: ContactKind
    on: date


class FollowUpScheduled(EventData):
    event_type = "family.followup.scheduled.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    due_on: date


class FollowUpRescheduled(EventData):
    """An open follow-up moved to a new due date (the release moved). Added beside
    contract.md's list."""

    event_type = "family.followup.rescheduled.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    due_on: date
    previous_due_on: date


class FollowUpCancelled(EventData):
    """An open follow-up no longer needed (transfer, release cancelled). Added beside
    contract.md's list."""

    event_type = "family.followup.cancelled.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    reason: str


class FollowUpCompleted(EventData):
    event_type = "family.followup.completed.v1"
    task_id: UUID
    person_id: UUID
    kind: FollowUpKind
    completed_on: date
    outcome: str


EVENTS: tuple[type[EventData], ...] = (
    CaseOpened,
    ContactRecorded,
    FollowUpScheduled,
    FollowUpRescheduled,
    FollowUpCancelled,
    FollowUpCompleted,
)
