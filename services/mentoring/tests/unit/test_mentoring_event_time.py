"""When mentoring takes an intake event to have happened: the envelope's `time` as the
decoder read it, else the envelope in the record, else the record's Kafka timestamp."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

from pathways.mentoring.service_layer.intake_events import event_time
from pathways.messaging.incoming import Incoming

DECODED = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def incoming(value: bytes, occurred_at: datetime | None, timestamp: int = 0) -> Incoming:
    record = SimpleNamespace(value=value, timestamp=timestamp)
    return Incoming("e1", "intake.person.referred.v1", None, None, record, occurred_at)


def test_the_decoded_envelope_time_is_used_without_reading_the_record_again() -> None:
    assert event_time(incoming(b"not json", DECODED)) == DECODED


def test_without_a_decoded_time_the_records_envelope_then_its_timestamp_is_used() -> None:
    envelope = json.dumps({"time": "2026-11-27T10:30:00+01:00"}).encode()
    assert event_time(incoming(envelope, None)) == DECODED
    at = int(DECODED.timestamp() * 1000)
    assert event_time(incoming(b"{}", None, timestamp=at)) == DECODED
