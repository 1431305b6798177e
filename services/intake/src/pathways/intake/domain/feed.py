"""Translating the prison's movement feed into what intake does — a pure decision.

Design (no false and no double release):
* Only the delayed, authoritative `prison-offender-events.prisoner.released` with reason
  RELEASED releases a person. The immediate `prisoner-offender-search.prisoner.released` can
  be reversed minutes later, so it is ignored (`release_unconfirmed`): the delayed event
  follows ~45 min later unless the release was reversed, in which case it never comes.
  The cost is a release recorded ~45 min late; nothing needs a timer or a pending state.
* TEMPORARY_ABSENCE_RELEASE, SENT_TO_COURT, RELEASED_TO_HOSPITAL and TRANSFERRED (the move
  out of the old prison) are never releases. A transfer is acted on when the *received*
  message at the new prison arrives.
* Receptions act on the first received message of either type (speed matters for the first
  night); the second one for the same movement finds the person already there and is ignored.
* The feed carries no ROTL kind or planned return, so it never starts a temporary absence
  (staff record ROTL through the API). Any reception at the same prison of a person on a
  recorded absence ends it (`EndTemporaryAbsence`).
* Idempotence: the service stores `dedupe_key(message)` and passes `already_processed`; even
  without that, a repeat finds the state already changed and is ignored. A message older
  than the person's last movement is `stale_message` (out of order), so a late reception
  can never undo a later release, nor a late release a later readmission.
* A reception for an unknown person creates them; a release of an unknown person is ignored.
"""

from __future__ import annotations

from .custody import CustodySnapshot, CustodyStatus
from .feed_decisions import (
    EndTemporaryAbsence,
    FeedDecision,
    Ignore,
    IgnoreReason,
    Receive,
    Release,
    Transfer,
)
from .feed_messages import (
    CONFIRMED_EVENT_TYPES,
    EVENTS_RECEIVED,
    EVENTS_RELEASED,
    MOVEMENT_EVENT_TYPES,
    SEARCH_RECEIVED,
    SEARCH_RELEASED,
    FeedMessageInvalid,
    MovementMessage,
    dedupe_key,
    is_movement_event,
    parse_movement_message,
    parse_timestamp,
)
from .prisons import is_known_prison
from .reception import ReceptionReason

__all__ = [
    "CONFIRMED_EVENT_TYPES",
    "EVENTS_RECEIVED",
    "EVENTS_RELEASED",
    "MOVEMENT_EVENT_TYPES",
    "SEARCH_RECEIVED",
    "SEARCH_RELEASED",
    "EndTemporaryAbsence",
    "FeedDecision",
    "FeedMessageInvalid",
    "Ignore",
    "IgnoreReason",
    "MovementMessage",
    "Receive",
    "Release",
    "Transfer",
    "decide",
    "dedupe_key",
    "is_movement_event",
    "parse_movement_message",
    "parse_timestamp",
]


_NEW_PERSON_REASONS: dict[str, ReceptionReason] = {
    "NEW_ADMISSION": ReceptionReason.NEW_ADMISSION,
    "ADMISSION": ReceptionReason.NEW_ADMISSION,
    "POST_MERGE_ADMISSION": ReceptionReason.NEW_ADMISSION,
    "READMISSION": ReceptionReason.READMISSION,
    "READMISSION_SWITCH_BOOKING": ReceptionReason.READMISSION,
    "TRANSFERRED": ReceptionReason.TRANSFER_IN,
}
_RETURN_REASONS = frozenset({"RETURN_FROM_COURT", "TEMPORARY_ABSENCE_RETURN"})
_NOT_A_RELEASE: dict[str, IgnoreReason] = {
    "TEMPORARY_ABSENCE_RELEASE": IgnoreReason.TEMPORARY_ABSENCE,
    "SENT_TO_COURT": IgnoreReason.COURT_APPEARANCE,
    "RELEASED_TO_HOSPITAL": IgnoreReason.HOSPITAL,
    "TRANSFERRED": IgnoreReason.TRANSFER_OUT,
}


def decide(
    message: MovementMessage,
    custody: CustodySnapshot | None,
    *,
    already_processed: bool = False,
) -> FeedDecision:
    """What intake does with `message` given the person's custody (None: unknown person)."""
    if already_processed:
        return Ignore(IgnoreReason.DUPLICATE)
    if message.is_received:
        return _decide_received(message, custody)
    return _decide_released(message, custody)


def _decide_released(message: MovementMessage, custody: CustodySnapshot | None) -> FeedDecision:
    if message.reason in _NOT_A_RELEASE:
        return Ignore(_NOT_A_RELEASE[message.reason])
    if message.reason != "RELEASED":
        return Ignore(IgnoreReason.UNRECOGNISED_REASON)
    if not message.is_confirmed:
        return Ignore(IgnoreReason.RELEASE_UNCONFIRMED)
    if custody is None:
        return Ignore(IgnoreReason.UNKNOWN_PERSON)
    if message.occurred_at < custody.last_movement_at:
        return Ignore(IgnoreReason.STALE_MESSAGE)
    if custody.status is CustodyStatus.RELEASED:
        return Ignore(IgnoreReason.ALREADY_RELEASED)
    return Release(prison_code=message.prison_id, released_at=message.occurred_at)


def _decide_received(message: MovementMessage, custody: CustodySnapshot | None) -> FeedDecision:
    reason = message.reason
    if reason not in _NEW_PERSON_REASONS and reason not in _RETURN_REASONS:
        return Ignore(IgnoreReason.UNRECOGNISED_REASON)
    if not is_known_prison(message.prison_id):
        return Ignore(IgnoreReason.UNKNOWN_PRISON)
    at, prison = message.occurred_at, message.prison_id
    if custody is None:
        if reason in _RETURN_REASONS:
            return Ignore(IgnoreReason.UNKNOWN_PERSON)
        return Receive(prison, at, _NEW_PERSON_REASONS[reason], creates_person=True)
    if at < custody.last_movement_at:
        return Ignore(IgnoreReason.STALE_MESSAGE)
    if custody.status is CustodyStatus.RELEASED:
        return Receive(prison, at, ReceptionReason.READMISSION, creates_person=False)
    if custody.status is CustodyStatus.ON_TEMPORARY_ABSENCE:
        if prison != custody.prison_code or custody.open_absence_id is None:
            return Ignore(IgnoreReason.RETURNED_TO_OTHER_PRISON)
        return EndTemporaryAbsence(custody.open_absence_id, at)
    if prison == custody.prison_code:
        return Ignore(IgnoreReason.ALREADY_IN_CUSTODY)
    return Transfer(custody.prison_code, prison, at)
