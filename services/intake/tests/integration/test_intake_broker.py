"""Intake on the real broker: the ministry's JSON published to `hmpps.domain-events`, the
contract events read back from `pathways.intake` with a plain Kafka consumer."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pathways.intake.domain.feed import (
    EVENTS_RECEIVED,
    EVENTS_RELEASED,
    SEARCH_RECEIVED,
    SEARCH_RELEASED,
)
from pathways.testing.kafka import publish, read_topic

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
FEED = "hmpps.domain-events"
T0 = datetime.now(UTC) - timedelta(days=2)
M = timedelta(minutes=1)


def header(record: Any, name: str) -> str | None:
    return next((v.decode() for k, v in record.headers or () if k == name), None)


async def send(intake, noms: str, *messages: dict[str, Any] | bytes) -> None:
    values = [m if isinstance(m, bytes) else json.dumps(m).encode() for m in messages]
    await publish(intake.bootstrap, FEED, values, key=noms.encode())


async def intake_events(intake, person_id: str, until) -> list[tuple[str, dict, Any]]:
    """(type, envelope, record) of `person_id`'s events on pathways.intake, read from the start."""

    def mine(records: list[Any]) -> list[tuple[str, dict, Any]]:
        envelopes = [(json.loads(r.value), r) for r in records]
        return [(e["type"], e, r) for e, r in envelopes if e.get("subject") == person_id]

    records = await read_topic(
        intake.bootstrap, "pathways.intake", until=lambda rs: until(mine(rs)), timeout=45
    )
    return mine(records)


async def person_id_for(intake, noms: str) -> str:
    from pathways.testing.service import eventually

    person = await eventually(lambda: intake.person_by_number(noms), timeout=45)
    return person["person_id"]


async def test_a_reception_on_the_feed_creates_the_person_and_publishes(live_intake) -> None:
    noms = live_intake.new_prison_number()
    message = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    await send(live_intake, noms, message, message)
    pid = await person_id_for(live_intake, noms)
    [(kind, envelope, record)] = await intake_events(live_intake, pid, lambda e: len(e) >= 1)
    assert kind == "intake.person.received.v1"
    assert envelope["source"] == "pathways/intake" and envelope["specversion"] == "1.0"
    assert envelope["data"]["prison_number"] == noms and envelope["data"]["prison_code"] == "BAI"
    assert record.key.decode() == pid
    assert header(record, "event_type") == kind and header(record, "event_id") == envelope["id"]
    assert header(record, "ce_type") is None  # structured mode: no partial ce_* headers


async def test_repeats_out_of_order_and_not_a_release_movements_make_one_release(
    live_intake,
) -> None:
    noms = live_intake.new_prison_number()
    mv = live_intake.movement
    admitted = mv(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    confirmed_release = mv(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0 + 600 * M)
    await send(
        live_intake,
        noms,
        admitted,
        admitted,  # repeated
        mv(EVENTS_RECEIVED, "ADMISSION", noms, "BAI", T0),  # the delayed copy
        mv(SEARCH_RELEASED, "SENT_TO_COURT", noms, "BAI", T0 + 60 * M),
        mv(EVENTS_RELEASED, "SENT_TO_COURT", noms, "BAI", T0 + 60 * M),
        mv(SEARCH_RECEIVED, "RETURN_FROM_COURT", noms, "BAI", T0 + 300 * M),
        mv(SEARCH_RELEASED, "RELEASED_TO_HOSPITAL", noms, "BAI", T0 + 320 * M),
        mv(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", noms, "BAI", T0 + 400 * M),
        mv(SEARCH_RELEASED, "TEMPORARY_ABSENCE_RELEASE", noms, "BAI", T0 + 450 * M),
        mv(SEARCH_RELEASED, "RELEASED", noms, "BAI", T0 + 500 * M),  # reversed later
        mv(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", noms, "BAI", T0 + 510 * M),
        confirmed_release,
        confirmed_release,  # repeated
        mv(EVENTS_RECEIVED, "RETURN_FROM_COURT", noms, "BAI", T0 + 300 * M),  # out of order
        mv(SEARCH_RELEASED, "RELEASED", noms, "BAI", T0 + 600 * M),
    )
    # Re-received later (one key: one partition, so everything stays in order).
    await send(live_intake, noms, mv(SEARCH_RECEIVED, "READMISSION", noms, "BAI", T0 + 900 * M))
    late_copy = mv(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0 + 600 * M + M / 1000)
    # A very late repeat and a late copy (other timestamp) of the first release, then the
    # real second release, which closes the sequence.
    await send(live_intake, noms, confirmed_release, late_copy)
    await send(live_intake, noms, mv(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0 + 1000 * M))
    pid = await person_id_for(live_intake, noms)
    events = await intake_events(live_intake, pid, lambda e: len(e) >= 4)
    assert [(k, e["data"].get("reason")) for k, e, _ in events] == [
        ("intake.person.received.v1", "new_admission"),
        ("intake.person.released.v1", None),
        ("intake.person.received.v1", "readmission"),
        ("intake.person.released.v1", None),
    ]
    released = events[1][1]["data"]
    assert released["prison_number"] == noms and released["prison_code"] == "BAI"
    assert released["released_at"].startswith((T0 + 600 * M).strftime("%Y-%m-%dT%H:%M"))


async def test_malformed_feed_messages_go_to_the_dead_letter_topic(live_intake) -> None:
    noms = live_intake.new_prison_number()
    marker = uuid.uuid4().hex
    garbage = f"not json {marker}".encode()
    no_prison = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    del no_prison["additionalInformation"]["prisonId"]
    no_prison["marker"] = marker
    good = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "WDI", T0)
    skipped = {"eventType": "calculate-release-dates.prisoner.changed", "marker": marker}
    await send(live_intake, noms, garbage, skipped, no_prison, good)
    pid = await person_id_for(live_intake, noms)
    await intake_events(live_intake, pid, lambda e: len(e) >= 1)

    def ours(records: list[Any]) -> list[Any]:
        return [r for r in records if marker.encode() in (r.value or b"")]

    dead = await read_topic(
        live_intake.bootstrap, "pathways.intake.dlq", until=lambda rs: len(ours(rs)) >= 2
    )
    letters = ours(dead)
    assert [header(r, "dlq_reason") for r in letters] == ["undecodable", "invalid_data"]
    assert letters[0].value == garbage
    assert all(header(r, "dlq_origin_topic") == FEED for r in letters)
    assert "missing_prison_id" in (header(letters[1], "dlq_error") or "")


async def test_an_occurred_at_beyond_the_year_9999_in_utc_is_dead_lettered(live_intake) -> None:
    noms = live_intake.new_prison_number()
    marker = uuid.uuid4().hex
    overflowing = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    overflowing.update(occurredAt="9999-12-31T23:59:59-05:00", marker=marker)
    sns = {"Type": "Notification", "Message": '{"a":' * 100_000, "marker": marker}
    good = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "WDI", T0)
    await send(live_intake, noms, overflowing, json.dumps(sns).encode(), good)
    pid = await person_id_for(live_intake, noms)  # the reception after them is applied
    assert [t for t, _, _ in await intake_events(live_intake, pid, lambda e: len(e) >= 1)] == [
        "intake.person.received.v1"
    ]

    def ours(records: list[Any]) -> list[Any]:
        return [r for r in records if marker.encode() in (r.value or b"")]

    dead = await read_topic(
        live_intake.bootstrap, "pathways.intake.dlq", until=lambda rs: len(ours(rs)) >= 2
    )
    assert [header(r, "dlq_reason") for r in ours(dead)] == ["invalid_data", "undecodable"]
    assert "invalid_occurred_at" in (header(ours(dead)[0], "dlq_error") or "")


async def test_staff_register_refer_assess_and_release_reach_the_topic(live_intake) -> None:
    person = await live_intake.receive(received_at=(T0 - 60 * M).isoformat())
    pid = person["person_id"]
    today = datetime.now(UTC).date().isoformat()
    steps = [
        ("referrals", {"referred_on": T0.date().isoformat(), "source": "self",
                       "substances": ["alcohol"]}),
        ("assessments", {"assessed_on": T0.date().isoformat(), "barc10": [4] * 10}),
        ("releases", {"released_at": T0.isoformat(), "destination_area": "Lambeth"}),
    ]  # fmt: skip
    for path, body in steps:
        response = await live_intake.post(f"/people/{pid}/{path}", body)
        assert response.status_code == 201, response.text
    events = await intake_events(live_intake, pid, lambda e: len(e) >= 4)
    assert [k for k, _, _ in events] == [
        "intake.person.received.v1",
        "intake.person.referred.v1",
        "intake.person.assessed.v1",
        "intake.person.released.v1",
    ]
    assert events[3][1]["data"]["destination_area"] == "Lambeth" and today
    assert all(e["correlationid"] for _, e, _ in events)
