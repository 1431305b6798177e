"""Events published by family on `pathways.family` (contract.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

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


class FollowUpCancelReason(StrEnum):
    """Why an open follow-up was cancelled (`family.followup.cancelled.v1` `reason`). The
    field stays a string so later reasons are additive; consumers treat unknown ones as
    "cancelled for another reason"."""

    RECALLED = "recalled"  # received back after the release (readmission): a new custody period
    NEW_CUSTODY_PERIOD = "new_custody_period"  # received back after the release on a new charge
    RELEASE_CANCELLED = "release_cancelled"  # the scheduled release will not happen
    RELEASE_RESCHEDULED = "release_rescheduled"  # no longer called for by the new date
    CASE_CHANGED = "case_changed"  # no longer called for by the case (e.g. opened later)
    RELEASED = "released"  # superseded at the release
    TRANSFERRED = "transferred"  # older events only: a transfer no longer cancels anything
    CONSENT_WITHDRAWN = "consent_withdrawn"  # the person withdrew consent to family work


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
    """A follow-up task created. Every release, first or after a recall, gets its own
    release_day_contact (the release day), day_7_check and day_28_check; a
    pre_release_meeting follows `intake.release.scheduled.v1`."""

    event_type = "family.followup.scheduled.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    due_on: date
    owner: str | None = Field(
        default=None,
        description="the staff identifier (sign-in subject, e.g. fw.jones) of the family worker "
        "who owns the task from now on; not a name. Absent in events recorded before it was "
        "added",
    )


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
    owner: str | None = Field(
        default=None,
        description="the staff identifier (sign-in subject, e.g. fw.jones) of the family worker "
        "who owns the task from now on; not a name. Absent in events recorded before it was "
        "added",
    )


class FollowUpCancelled(EventData):
    """An open follow-up no longer needed; it is never due again (completed ones are never
    cancelled). A reception after a release (recall, new sentence) starts a new custody
    period and cancels every open follow-up of the previous one with reason `recalled` or
    `new_custody_period`. A transfer cancels nothing: the custody period continues. Added
    beside contract.md's list."""

    event_type = "family.followup.cancelled.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    reason: str = Field(
        description="one of: " + ", ".join(r.value for r in FollowUpCancelReason) + " (a string: "
        "new reasons may be added)"
    )


class FollowUpReassigned(EventData):
    """An open follow-up handed to another family worker (the case changed hands: its open
    tasks follow the new owner). The task stays open, due on the same date; only its owner
    changes. Added beside contract.md's list (issue 16)."""

    event_type = "family.followup.reassigned.v1"
    task_id: UUID
    case_id: UUID
    person_id: UUID
    kind: FollowUpKind
    owner: str = Field(description="the new owner's staff identifier (not a name)")
    previous_owner: str | None = Field(default=None, description="the owner before")


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
    FollowUpReassigned,
    FollowUpCompleted,
)
