from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from pathways.intake.domain.feed import (
    FeedMessageInvalid,
    dedupe_key,
    is_movement_event,
    parse_movement_message,
    parse_timestamp,
)

RECEIVED: dict[str, Any] = {
    "eventType": "prisoner-offender-search.prisoner.received",
    "version": 1,
    "description": "A prisoner has been received into a prison with reason: admission",
    "occurredAt": "2026-03-02T21:14:05.118209113Z",
    "detailUrl": "https://prisoner-search.example/prisoner/G2899UJ",
    "additionalInformation": {
        "nomsNumber": "G2899UJ",
        "prisonId": "BAI",
        "reason": "NEW_ADMISSION",
    },
    "personReference": {"identifiers": [{"type": "NOMS", "value": "G2899UJ"}]},
}
RELEASED: dict[str, Any] = {
    "eventType": "prison-offender-events.prisoner.released",
    "version": 1,
    "description": "A prisoner has been released from prison",
    "occurredAt": "2026-09-14T09:05:54+01:00",
    "publishedAt": "2026-09-14T09:50:55.742536797+01:00",
    "additionalInformation": {
        "nomsNumber": "G2899UJ",
        "prisonId": "BAI",
        "reason": "RELEASED",
        "details": "Movement reason code CR",
        "currentLocation": "OUTSIDE_PRISON",
        "currentPrisonStatus": "NOT_UNDER_PRISON_CARE",
        "nomisMovementReasonCode": "CR",
    },
    "personReference": {"identifiers": [{"type": "NOMS", "value": "G2899UJ"}]},
}


def with_changes(base: dict[str, Any], **info: Any) -> dict[str, Any]:
    message = copy.deepcopy(base)
    for key, value in info.items():
        if value is None:
            message["additionalInformation"].pop(key, None)
        else:
            message["additionalInformation"][key] = value
    return message


def test_parse_received_example() -> None:
    message = parse_movement_message(RECEIVED)
    assert message.event_type == "prisoner-offender-search.prisoner.received"
    assert message.noms_number == "G2899UJ" and message.prison_id == "BAI"
    assert message.reason == "NEW_ADMISSION"
    assert message.occurred_at == datetime(2026, 3, 2, 21, 14, 5, 118209, tzinfo=UTC)
    assert message.published_at is None
    assert message.is_received and not message.is_confirmed


def test_parse_released_example_converts_to_utc() -> None:
    message = parse_movement_message(RELEASED)
    assert message.occurred_at == datetime(2026, 9, 14, 8, 5, 54, tzinfo=UTC)
    assert message.published_at == datetime(2026, 9, 14, 8, 50, 55, 742536, tzinfo=UTC)
    assert message.occurred_at.tzinfo is UTC
    assert not message.is_received and message.is_confirmed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2024-10-11T12:00:19.013138859+01:00",
            datetime(2024, 10, 11, 11, 0, 19, 13138, tzinfo=UTC),
        ),
        ("2024-10-11T12:00:19.5Z", datetime(2024, 10, 11, 12, 0, 19, 500000, tzinfo=UTC)),
        ("2024-10-11T12:00:19-05:00", datetime(2024, 10, 11, 17, 0, 19, tzinfo=UTC)),
    ],
)
def test_parse_timestamp(text: str, expected: datetime) -> None:
    assert parse_timestamp(text, "occurred_at") == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024-10-11T12:00:19", "invalid_occurred_at"),
        ("yesterday", "invalid_occurred_at"),
        ("9999-12-31T23:59:59-05:00", "invalid_occurred_at"),  # the year 10000 in UTC
        ("0001-01-01T00:00:00+01:00", "invalid_occurred_at"),  # the year 0 in UTC
        ("", "missing_occurred_at"),
        (None, "missing_occurred_at"),
        (1728644419, "missing_occurred_at"),
    ],
)
def test_bad_timestamps(text: object, code: str) -> None:
    with pytest.raises(FeedMessageInvalid) as caught:
        parse_timestamp(text, "occurred_at")
    assert caught.value.reason_code == code


def test_noms_from_person_reference_when_additional_information_lacks_it() -> None:
    message = parse_movement_message(with_changes(RECEIVED, nomsNumber=None))
    assert message.noms_number == "G2899UJ"


def test_noms_from_additional_information_without_person_reference() -> None:
    raw = copy.deepcopy(RECEIVED)
    del raw["personReference"]
    assert parse_movement_message(raw).noms_number == "G2899UJ"


def test_other_identifier_types_are_not_noms() -> None:
    raw = with_changes(RECEIVED, nomsNumber=None)
    raw["personReference"]["identifiers"] = [{"type": "CRN", "value": "X123456"}]
    with pytest.raises(FeedMessageInvalid) as caught:
        parse_movement_message(raw)
    assert caught.value.reason_code == "missing_noms_number"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ([], "not_an_object"),
        ({"eventType": "prisoner-offender-search.prisoner.updated"}, "unsupported_event_type"),
        ({**RECEIVED, "additionalInformation": None}, "missing_additional_information"),
        (with_changes(RECEIVED, nomsNumber="X123"), "invalid_noms_number"),
        (with_changes(RECEIVED, nomsNumber="A1111AA"), "noms_number_mismatch"),
        (with_changes(RECEIVED, prisonId=None), "missing_prison_id"),
        (with_changes(RECEIVED, prisonId="bai"), "invalid_prison_id"),
        (with_changes(RECEIVED, prisonId=12), "invalid_prison_id"),
        (with_changes(RECEIVED, reason=None), "missing_reason"),
        (with_changes(RECEIVED, reason="new admission"), "invalid_reason"),
        ({**RECEIVED, "occurredAt": None}, "missing_occurred_at"),
        ({**RECEIVED, "occurredAt": "2026-03-02 21:14"}, "invalid_occurred_at"),
        ({**RELEASED, "publishedAt": "later"}, "invalid_published_at"),
    ],
)
def test_invalid_messages(raw: Any, code: str) -> None:
    with pytest.raises(FeedMessageInvalid) as caught:
        parse_movement_message(raw)
    assert caught.value.reason_code == code
    assert caught.value.message


def test_unknown_reason_values_are_kept_for_the_decision() -> None:
    assert parse_movement_message(with_changes(RELEASED, reason="UNKNOWN")).reason == "UNKNOWN"


def test_is_movement_event() -> None:
    assert is_movement_event(RECEIVED) and is_movement_event(RELEASED)
    assert not is_movement_event({"eventType": "prisoner-offender-search.prisoner.updated"})
    assert not is_movement_event({})


def test_dedupe_key_is_deterministic_and_offset_independent() -> None:
    a = parse_movement_message(RELEASED)
    same_instant = {**RELEASED, "occurredAt": "2026-09-14T08:05:54.000000000Z", "publishedAt": None}
    b = parse_movement_message(same_instant)
    assert dedupe_key(a) == dedupe_key(b)
    assert len(dedupe_key(a)) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "SENT_TO_COURT"},
        {"prisonId": "WWI"},
        {"nomsNumber": "A1111AA", "personRef": True},
    ],
)
def test_dedupe_key_differs_when_facts_differ(change: dict[str, Any]) -> None:
    base = parse_movement_message(RELEASED)
    raw = with_changes(RELEASED, **{k: v for k, v in change.items() if k != "personRef"})
    if change.get("personRef"):
        raw["personReference"]["identifiers"][0]["value"] = change["nomsNumber"]
    assert dedupe_key(parse_movement_message(raw)) != dedupe_key(base)


def test_dedupe_key_differs_by_event_type_and_time() -> None:
    base = parse_movement_message(RELEASED)
    search = parse_movement_message(
        {**RELEASED, "eventType": "prisoner-offender-search.prisoner.released"}
    )
    later = parse_movement_message({**RELEASED, "occurredAt": "2026-09-14T09:05:54.000001+01:00"})
    assert len({dedupe_key(base), dedupe_key(search), dedupe_key(later)}) == 3
