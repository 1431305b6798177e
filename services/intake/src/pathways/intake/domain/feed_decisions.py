"""What a movement message makes intake do: the feed's decisions (see feed.decide)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from .reception import ReceptionReason


class IgnoreReason(StrEnum):
    """Why a movement message changes nothing (stable codes for logs and metrics)."""

    DUPLICATE = "duplicate"
    STALE_MESSAGE = "stale_message"
    UNKNOWN_PERSON = "unknown_person"
    UNKNOWN_PRISON = "unknown_prison"
    UNRECOGNISED_REASON = "unrecognised_reason"
    ALREADY_IN_CUSTODY = "already_in_custody"
    ALREADY_RELEASED = "already_released"
    RETURNED_TO_OTHER_PRISON = "returned_to_other_prison"
    RELEASE_UNCONFIRMED = "release_unconfirmed"
    TEMPORARY_ABSENCE = "temporary_absence"
    COURT_APPEARANCE = "court_appearance"
    HOSPITAL = "hospital"
    TRANSFER_OUT = "transfer_out"


@dataclass(frozen=True, slots=True)
class Receive:
    """Receive the person (`creates_person`: not known yet → `Person.receive_new`)."""

    prison_code: str
    received_at: datetime
    reason: ReceptionReason
    creates_person: bool


@dataclass(frozen=True, slots=True)
class Transfer:
    """`person.transfer(to_prison_code=..., transferred_at=...)`."""

    from_prison_code: str
    to_prison_code: str
    transferred_at: datetime


@dataclass(frozen=True, slots=True)
class Release:
    """`person.release(released_at=...)`; `prison_code` is where the feed says they left."""

    prison_code: str
    released_at: datetime


@dataclass(frozen=True, slots=True)
class EndTemporaryAbsence:
    """`person.end_temporary_absence(absence_id=..., ended_at=...)`."""

    absence_id: UUID
    ended_at: datetime


@dataclass(frozen=True, slots=True)
class Ignore:
    """Do nothing; `reason_code` says why."""

    reason_code: IgnoreReason


FeedDecision = Receive | Transfer | Release | EndTemporaryAbsence | Ignore
