"""Decoding untrusted records without a broker: bounded JSON, the strict envelope, any
exception as poison, and dead letters that fit their table whatever the record holds."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import pytest
from kit_helpers import recategorised
from kit_service import make_consumer

from pathways.messaging.incoming import DeadLetterReason, Poison, as_poison, parse_json
from pathways.messaging.raw_records import storable
from pathways.messaging.safe_json import MAX_DEPTH, MAX_MESSAGE_BYTES


@dataclass
class Record:
    value: bytes | None
    key: bytes | None = None
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)
    topic: str = "t"
    partition: int = 0
    offset: int = 0


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":',
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
        b"1e400",
        b'{"x": [NaN]}',
        b'"\\ud800"',
        b"\xff",
        b" " * (MAX_MESSAGE_BYTES + 1),
        None,
    ],
)
def test_json_the_kit_refuses_is_undecodable(raw: bytes | None) -> None:
    with pytest.raises(Poison) as caught:
        parse_json(raw)
    assert caught.value.reason == DeadLetterReason.UNDECODABLE


def test_json_up_to_the_limits_is_read() -> None:
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(json.dumps({"a": 1.5, "b": [None, "é"]}).encode())["b"] == [None, "é"]
    assert parse_json(nested.encode()) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"id": None},
        {"id": ""},
        {"id": "x" * 129},
        {"specversion": "0.3"},
        {"specversion": "2.0"},
        {"specversion": ""},
        {"specversion": None},
        {"time": None},
        {"time": "2026-11-27T09:30:00"},
        {"time": "9999-12-31T23:59:59-05:00"},
        {"time": 1764236400},
    ],
)
def test_an_envelope_not_cloudevents_1_0_is_poison(change: dict) -> None:
    envelope = {**json.loads(recategorised(uuid.uuid4()).to_bytes()), **change}
    value = json.dumps({k: v for k, v in envelope.items() if v is not None}).encode()
    with pytest.raises(Poison) as caught:
        make_consumer().decode(Record(value))
    assert caught.value.reason == DeadLetterReason.INVALID_ENVELOPE


def test_any_exception_while_decoding_is_poison_with_its_class() -> None:
    for exc in (OverflowError("x"), RecursionError(), UnicodeError(), TypeError("t")):
        poison = as_poison(exc)
        assert poison.reason == DeadLetterReason.UNDECODABLE
        assert type(exc).__name__ in poison.detail


def test_a_dead_letter_keeps_only_what_fits_its_columns() -> None:
    record = Record(
        b"x",
        key=b"\x00" + b"k" * 300,
        headers=[("ce_id", b"i" * 65), ("ce_type", b"\xff\x00t"), ("nothing", None)],
    )
    stored, ids = storable(record, {"event_id": "e" * 65, "event_type": "t"})
    assert stored.key == b"k" * 200 and stored.value == b"x"
    assert dict(stored.headers) == {"ce_type": "\ufffdt".encode(), "nothing": b""}
    assert ids == {"event_id": None, "event_type": "t"}
