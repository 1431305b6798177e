from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.intake.domain.custody import CustodySnapshot, CustodyStatus
from pathways.intake.domain.feed import (
    EVENTS_RECEIVED,
    EVENTS_RELEASED,
    SEARCH_RECEIVED,
    SEARCH_RELEASED,
    EndTemporaryAbsence,
    Ignore,
    IgnoreReason,
    MovementMessage,
    Receive,
    Release,
    Transfer,
    decide,
)
from pathways.intake.domain.reception import ReceptionReason

T = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
LATER = T + timedelta(hours=1)
ABSENCE = uuid.UUID("00000000-0000-0000-0000-0000000000ab")
IN_BAI = CustodySnapshot(CustodyStatus.IN_CUSTODY, "BAI", T)
RELEASED_FROM_BAI = CustodySnapshot(CustodyStatus.RELEASED, "BAI", T)
ON_ROTL_AT_FDI = CustodySnapshot(CustodyStatus.ON_TEMPORARY_ABSENCE, "FDI", T, ABSENCE)


def msg(event_type: str, reason: str, prison: str = "BAI", at: datetime = LATER) -> MovementMessage:
    return MovementMessage(event_type, "G2899UJ", prison, reason, at)


# ---- releases ---------------------------------------------------------------------------


def test_confirmed_release_releases() -> None:
    assert decide(msg(EVENTS_RELEASED, "RELEASED"), IN_BAI) == Release("BAI", LATER)


def test_immediate_search_release_is_not_acted_on() -> None:
    decision = decide(msg(SEARCH_RELEASED, "RELEASED"), IN_BAI)
    assert decision == Ignore(IgnoreReason.RELEASE_UNCONFIRMED)


@pytest.mark.parametrize("event_type", [SEARCH_RELEASED, EVENTS_RELEASED])
@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("TEMPORARY_ABSENCE_RELEASE", IgnoreReason.TEMPORARY_ABSENCE),
        ("SENT_TO_COURT", IgnoreReason.COURT_APPEARANCE),
        ("RELEASED_TO_HOSPITAL", IgnoreReason.HOSPITAL),
        ("TRANSFERRED", IgnoreReason.TRANSFER_OUT),
        ("UNKNOWN", IgnoreReason.UNRECOGNISED_REASON),
        ("SOMETHING_NEW", IgnoreReason.UNRECOGNISED_REASON),
    ],
)
def test_not_a_release(event_type: str, reason: str, code: IgnoreReason) -> None:
    for custody in (IN_BAI, ON_ROTL_AT_FDI, None):
        assert decide(msg(event_type, reason), custody) == Ignore(code)


def test_release_of_unknown_person_is_ignored() -> None:
    assert decide(msg(EVENTS_RELEASED, "RELEASED"), None) == Ignore(IgnoreReason.UNKNOWN_PERSON)


def test_release_of_released_person_is_ignored() -> None:
    decision = decide(msg(EVENTS_RELEASED, "RELEASED"), RELEASED_FROM_BAI)
    assert decision == Ignore(IgnoreReason.ALREADY_RELEASED)


def test_release_older_than_last_movement_is_stale() -> None:
    old = msg(EVENTS_RELEASED, "RELEASED", at=T - timedelta(seconds=1))
    assert decide(old, IN_BAI) == Ignore(IgnoreReason.STALE_MESSAGE)


def test_release_at_the_same_instant_as_last_movement_is_not_stale() -> None:
    assert decide(msg(EVENTS_RELEASED, "RELEASED", at=T), IN_BAI) == Release("BAI", T)


def test_release_while_on_temporary_absence_releases() -> None:
    decision = decide(msg(EVENTS_RELEASED, "RELEASED", prison="FDI"), ON_ROTL_AT_FDI)
    assert decision == Release("FDI", LATER)


def test_release_from_another_prison_than_we_think_still_releases() -> None:
    assert decide(msg(EVENTS_RELEASED, "RELEASED", prison="WWI"), IN_BAI) == Release("WWI", LATER)


# ---- receptions -------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", [SEARCH_RECEIVED, EVENTS_RECEIVED])
@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("NEW_ADMISSION", ReceptionReason.NEW_ADMISSION),
        ("ADMISSION", ReceptionReason.NEW_ADMISSION),
        ("POST_MERGE_ADMISSION", ReceptionReason.NEW_ADMISSION),
        ("READMISSION", ReceptionReason.READMISSION),
        ("READMISSION_SWITCH_BOOKING", ReceptionReason.READMISSION),
        ("TRANSFERRED", ReceptionReason.TRANSFER_IN),
    ],
)
def test_unknown_person_received_creates_them(
    event_type: str, reason: str, expected: ReceptionReason
) -> None:
    decision = decide(msg(event_type, reason), None)
    assert decision == Receive("BAI", LATER, expected, creates_person=True)


@pytest.mark.parametrize("reason", ["RETURN_FROM_COURT", "TEMPORARY_ABSENCE_RETURN"])
def test_unknown_person_returning_is_ignored(reason: str) -> None:
    assert decide(msg(SEARCH_RECEIVED, reason), None) == Ignore(IgnoreReason.UNKNOWN_PERSON)


def test_reception_into_prison_outside_the_reference_list_is_ignored() -> None:
    decision = decide(msg(SEARCH_RECEIVED, "NEW_ADMISSION", prison="ZZGHI"), None)
    assert decision == Ignore(IgnoreReason.UNKNOWN_PRISON)


def test_unrecognised_reception_reason_is_ignored() -> None:
    decision = decide(msg(SEARCH_RECEIVED, "BEAMED_IN"), None)
    assert decision == Ignore(IgnoreReason.UNRECOGNISED_REASON)


@pytest.mark.parametrize(
    "reason",
    [
        "NEW_ADMISSION",
        "READMISSION",
        "TRANSFERRED",
        "RETURN_FROM_COURT",
        "TEMPORARY_ABSENCE_RETURN",
    ],
)
def test_released_person_received_is_a_readmission(reason: str) -> None:
    decision = decide(msg(SEARCH_RECEIVED, reason, prison="WWI"), RELEASED_FROM_BAI)
    assert decision == Receive("WWI", LATER, ReceptionReason.READMISSION, creates_person=False)


@pytest.mark.parametrize(
    "reason",
    ["NEW_ADMISSION", "ADMISSION", "TRANSFERRED", "RETURN_FROM_COURT", "TEMPORARY_ABSENCE_RETURN"],
)
def test_received_at_the_same_prison_while_in_custody_is_ignored(reason: str) -> None:
    assert decide(msg(EVENTS_RECEIVED, reason), IN_BAI) == Ignore(IgnoreReason.ALREADY_IN_CUSTODY)


@pytest.mark.parametrize("reason", ["TRANSFERRED", "RETURN_FROM_COURT", "NEW_ADMISSION"])
def test_received_at_another_prison_while_in_custody_is_a_transfer(reason: str) -> None:
    decision = decide(msg(SEARCH_RECEIVED, reason, prison="WWI"), IN_BAI)
    assert decision == Transfer("BAI", "WWI", LATER)


def test_return_to_the_same_prison_ends_the_temporary_absence() -> None:
    decision = decide(
        msg(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", prison="FDI"), ON_ROTL_AT_FDI
    )
    assert decision == EndTemporaryAbsence(ABSENCE, LATER)


def test_return_to_another_prison_during_absence_needs_a_human() -> None:
    decision = decide(
        msg(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", prison="LYI"), ON_ROTL_AT_FDI
    )
    assert decision == Ignore(IgnoreReason.RETURNED_TO_OTHER_PRISON)


def test_received_older_than_last_movement_is_stale() -> None:
    old = msg(SEARCH_RECEIVED, "READMISSION", at=T - timedelta(minutes=5))
    assert decide(old, RELEASED_FROM_BAI) == Ignore(IgnoreReason.STALE_MESSAGE)
    old_transfer = msg(SEARCH_RECEIVED, "TRANSFERRED", prison="WWI", at=T - timedelta(days=1))
    assert decide(old_transfer, IN_BAI) == Ignore(IgnoreReason.STALE_MESSAGE)


# ---- duplicates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [msg(EVENTS_RELEASED, "RELEASED"), msg(SEARCH_RECEIVED, "NEW_ADMISSION")],
)
def test_already_processed_message_is_a_duplicate(message: MovementMessage) -> None:
    for custody in (IN_BAI, RELEASED_FROM_BAI, None):
        decision = decide(message, custody, already_processed=True)
        assert decision == Ignore(IgnoreReason.DUPLICATE)


def test_decide_is_pure() -> None:
    message = msg(EVENTS_RELEASED, "RELEASED")
    assert decide(message, IN_BAI) == decide(message, IN_BAI)
    assert IN_BAI.status is CustodyStatus.IN_CUSTODY
