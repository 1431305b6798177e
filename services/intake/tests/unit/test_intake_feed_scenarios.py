"""Whole feed sequences run through parse → decide → apply on the real aggregate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pathways.intake.domain import events as ev
from pathways.intake.domain.custody import CustodyStatus, TemporaryAbsenceKind
from pathways.intake.domain.feed import (
    EVENTS_RECEIVED,
    EVENTS_RELEASED,
    SEARCH_RECEIVED,
    SEARCH_RELEASED,
    Ignore,
    IgnoreReason,
    Receive,
    dedupe_key,
    parse_movement_message,
)
from pathways.intake.domain.feed_apply import apply_decision, handle_movement
from pathways.intake.domain.person import Person
from pathways.intake.domain.reception import ReceptionReason
from pathways.intake.domain.values import SecurityCategory

T = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def raw(event_type: str, reason: str, prison: str, at: datetime) -> dict[str, Any]:
    return {
        "eventType": event_type,
        "version": 1,
        "occurredAt": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "additionalInformation": {"nomsNumber": "G2899UJ", "prisonId": prison, "reason": reason},
        "personReference": {"identifiers": [{"type": "NOMS", "value": "G2899UJ"}]},
    }


class FakeIntake:
    """In-memory stand-in for the service layer: one person, a set of seen dedupe keys."""

    def __init__(self, person: Person | None = None) -> None:
        self.person = person
        self.seen: set[str] = set()
        self.published: list[ev.IntakeEvent] = []
        self.ignored: list[IgnoreReason] = []

    def feed(self, event_type: str, reason: str, prison: str, at: datetime) -> None:
        message = parse_movement_message(raw(event_type, reason, prison, at))
        key = dedupe_key(message)
        decision, changed = handle_movement(
            message, self.person, already_processed=key in self.seen
        )
        self.seen.add(key)
        if isinstance(decision, Ignore):
            self.ignored.append(decision.reason_code)
        if changed is not None:
            self.person = changed
            self.published.extend(changed.pull_events())

    def of_type(self, event_type: type) -> list[ev.IntakeEvent]:
        return [e for e in self.published if isinstance(e, event_type)]


def in_custody_at(prison: str = "BAI") -> FakeIntake:
    intake = FakeIntake()
    intake.feed(SEARCH_RECEIVED, "NEW_ADMISSION", prison, T - timedelta(days=100))
    intake.published.clear()
    return intake


def test_new_arrival_is_created_once_from_immediate_and_delayed_messages() -> None:
    intake = FakeIntake()
    intake.feed(SEARCH_RECEIVED, "NEW_ADMISSION", "BAI", T)
    intake.feed(EVENTS_RECEIVED, "ADMISSION", "BAI", T)
    assert intake.person is not None and intake.person.prison_number == "G2899UJ"
    (received,) = intake.published
    assert isinstance(received, ev.PersonReceived)
    assert received.reason is ReceptionReason.NEW_ADMISSION and received.prison_code == "BAI"
    assert intake.ignored == [IgnoreReason.ALREADY_IN_CUSTODY]


def test_repeated_messages_have_one_effect() -> None:
    intake = in_custody_at()
    for _ in range(3):
        intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    assert len(intake.of_type(ev.PersonReleased)) == 1
    assert intake.ignored == [IgnoreReason.DUPLICATE, IgnoreReason.DUPLICATE]


def test_release_reversed_within_minutes_leaves_no_false_release() -> None:
    intake = in_custody_at()
    intake.feed(SEARCH_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "READMISSION", "BAI", T + 4 * MIN)
    # the delayed events are suppressed by the ministry because the release was reversed
    assert intake.published == []
    assert intake.person is not None and intake.person.status is CustodyStatus.IN_CUSTODY
    assert intake.ignored == [IgnoreReason.RELEASE_UNCONFIRMED, IgnoreReason.ALREADY_IN_CUSTODY]


def test_confirmed_release_is_recorded_once_whatever_the_repeats() -> None:
    intake = in_custody_at()
    intake.feed(SEARCH_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RELEASED, "RELEASED", "BAI", T)
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    (released,) = intake.of_type(ev.PersonReleased)
    assert isinstance(released, ev.PersonReleased) and released.released_at == T
    assert intake.person is not None and intake.person.status is CustodyStatus.RELEASED


def test_real_release_then_real_rearrest_within_minutes() -> None:
    intake = in_custody_at()
    intake.feed(SEARCH_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "READMISSION", "BAI", T + 10 * MIN)  # looks like no change yet
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)  # both were real: delayed ones arrive
    intake.feed(EVENTS_RECEIVED, "ADMISSION", "BAI", T + 10 * MIN)
    kinds = [type(e) for e in intake.published]
    assert kinds == [ev.PersonReleased, ev.PersonReceived]
    assert intake.person is not None and intake.person.status is CustodyStatus.IN_CUSTODY
    assert intake.published[1].reason is ReceptionReason.READMISSION  # type: ignore[union-attr]


def test_out_of_order_older_reception_does_not_undo_a_release() -> None:
    intake = in_custody_at()
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "TRANSFERRED", "WWI", T - 30 * MIN)
    intake.feed(EVENTS_RECEIVED, "RETURN_FROM_COURT", "BAI", T - 60 * MIN)
    assert [type(e) for e in intake.published] == [ev.PersonReleased]
    assert intake.ignored == [IgnoreReason.STALE_MESSAGE, IgnoreReason.STALE_MESSAGE]
    assert intake.person is not None and intake.person.status is CustodyStatus.RELEASED


def test_out_of_order_older_release_does_not_release_a_readmitted_person() -> None:
    intake = in_custody_at()
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "READMISSION", "BAI", T + timedelta(days=20))
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T - timedelta(days=1))
    assert intake.person is not None and intake.person.status is CustodyStatus.IN_CUSTODY
    assert len(intake.of_type(ev.PersonReleased)) == 1
    assert intake.ignored[-1] is IgnoreReason.STALE_MESSAGE


@pytest.mark.parametrize(
    ("out_reason", "back_reason"),
    [
        ("SENT_TO_COURT", "RETURN_FROM_COURT"),
        ("RELEASED_TO_HOSPITAL", "TEMPORARY_ABSENCE_RETURN"),
        ("TEMPORARY_ABSENCE_RELEASE", "TEMPORARY_ABSENCE_RETURN"),
    ],
)
def test_court_hospital_and_temporary_absence_are_not_releases(
    out_reason: str, back_reason: str
) -> None:
    intake = in_custody_at()
    for event_type in (SEARCH_RELEASED, EVENTS_RELEASED):
        intake.feed(event_type, out_reason, "BAI", T)
    for event_type in (SEARCH_RECEIVED, EVENTS_RECEIVED):
        intake.feed(event_type, back_reason, "BAI", T + timedelta(hours=6))
    assert intake.published == []
    assert intake.person is not None and intake.person.status is CustodyStatus.IN_CUSTODY


def test_transfer_is_recorded_once_on_arrival() -> None:
    intake = in_custody_at("BAI")
    intake.feed(SEARCH_RELEASED, "TRANSFERRED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "TRANSFERRED", "WWI", T + 90 * MIN)
    intake.feed(EVENTS_RELEASED, "TRANSFERRED", "BAI", T)
    intake.feed(EVENTS_RECEIVED, "TRANSFERRED", "WWI", T + 90 * MIN)
    assert intake.published == [
        ev.PersonTransferred(intake.person.person_id, "BAI", "WWI", T + 90 * MIN)  # type: ignore[union-attr]
    ]
    assert intake.person is not None and intake.person.prison_code == "WWI"


def test_unknown_person_released_is_ignored() -> None:
    intake = FakeIntake()
    intake.feed(SEARCH_RELEASED, "RELEASED", "BAI", T)
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    assert intake.person is None and intake.published == []
    assert intake.ignored == [IgnoreReason.RELEASE_UNCONFIRMED, IgnoreReason.UNKNOWN_PERSON]


def test_readmission_after_a_real_release_reuses_the_person() -> None:
    intake = in_custody_at()
    person_id = intake.person.person_id  # type: ignore[union-attr]
    intake.feed(EVENTS_RELEASED, "RELEASED", "BAI", T)
    intake.feed(SEARCH_RECEIVED, "NEW_ADMISSION", "PVI", T + timedelta(days=200))
    received = intake.of_type(ev.PersonReceived)
    assert len(received) == 1 and received[0].person_id == person_id  # type: ignore[union-attr]
    assert received[0].reason is ReceptionReason.READMISSION  # type: ignore[union-attr]
    assert intake.person is not None and intake.person.prison_code == "PVI"


def test_return_from_staff_recorded_rotl_ends_it_once() -> None:
    intake = in_custody_at("FDI")
    person = intake.person
    assert person is not None
    person.recategorise(SecurityCategory.D)
    absence = person.start_temporary_absence(
        kind=TemporaryAbsenceKind.ROTL_DAY, starts_at=T, ends_at=T + timedelta(hours=9)
    )
    person.pull_events()
    intake.feed(SEARCH_RELEASED, "TEMPORARY_ABSENCE_RELEASE", "FDI", T + 5 * MIN)
    intake.feed(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", "FDI", T + timedelta(hours=8))
    intake.feed(EVENTS_RECEIVED, "TEMPORARY_ABSENCE_RETURN", "FDI", T + timedelta(hours=8))
    (ended,) = intake.published
    assert isinstance(ended, ev.TemporaryAbsenceEnded) and ended.absence_id == absence.absence_id
    assert person.status is CustodyStatus.IN_CUSTODY


def test_apply_needs_a_person_for_decisions_about_known_people() -> None:
    decision = Receive("BAI", T, ReceptionReason.READMISSION, creates_person=False)
    with pytest.raises(ValueError):
        apply_decision(decision, None, prison_number="G2899UJ")
    assert apply_decision(Ignore(IgnoreReason.DUPLICATE), None, prison_number="G2899UJ") is None
