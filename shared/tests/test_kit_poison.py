"""Poison on the real broker: records FastStream itself could not decode, JSON nested or sized
to break a parser, envelopes that are not CloudEvents 1.0. Each is dead-lettered with its
reason, never applied, and the valid events around it are applied once."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import kit_service
import pytest
from kit_helpers import applied_count, recategorised
from sqlalchemy import select

from pathways.messaging.tables import dead_letters
from pathways.messaging.topics import ensure_topics
from pathways.testing.kafka import publish
from pathways.testing.service import eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
JSON_HEADER = [("content-type", b"application/json")]


@pytest.fixture(scope="module")
async def kit(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[dict[str, Any]]:
    topic = f"kit.poison.{uuid.uuid4().hex[:8]}"
    settings = kit_service.KitSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        auth_dev_key_file=dev_key_file,
        consumer_max_retries=2,
    )
    await ensure_topics(settings, [topic, "pathways.family", "pathways.kit.dlq"], partitions=1)
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    async with running(app):
        yield {"app": app, "topic": topic, "bootstrap": kafka_bootstrap}


async def _reasons(kit: dict[str, Any], key: bytes) -> list[tuple[str, str]]:
    """(reason, error) of the dead letters of records published with `key`, in offset order."""
    async with kit["app"].state.runtime.sessions() as session:
        rows = await session.execute(
            select(dead_letters.c.reason, dead_letters.c.error, dead_letters.c.key)
            .where(dead_letters.c.topic == kit["topic"])
            .order_by(dead_letters.c.offset)
        )
    return [(r.reason, r.error) for r in rows if r.key == key.decode()]


async def _publish_then_valid(
    kit: dict[str, Any], bad: list[bytes], headers: list[tuple[str, bytes]] | None = None
) -> tuple[list[uuid.UUID], bytes]:
    """Publish `bad` then two valid events, each batch under one new key (one partition)."""
    key = uuid.uuid4().hex.encode()
    people = [uuid.uuid4(), uuid.uuid4()]
    await publish(kit["bootstrap"], kit["topic"], bad, key=key, headers=headers)
    valid = [recategorised(p).to_bytes() for p in people]
    await publish(kit["bootstrap"], kit["topic"], valid, key=key)
    for person in people:
        await eventually(lambda p=person: applied_count(kit["app"], p), lambda n: n == 1)
    return people, key


async def test_invalid_json_labelled_json_is_dead_lettered_and_the_next_events_applied(
    kit: dict[str, Any],
) -> None:
    _, key = await _publish_then_valid(kit, [b'{"a":'], headers=JSON_HEADER)
    [(reason, error)] = await eventually(lambda: _reasons(kit, key), lambda r: len(r) == 1)
    assert reason == "undecodable" and "not JSON" in error


async def test_json_nested_100000_deep_is_dead_lettered_without_a_recursion_error(
    kit: dict[str, Any],
) -> None:
    deep = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    deep_list = b"[" * 5_000 + b"]" * 5_000
    _, key = await _publish_then_valid(kit, [deep, deep_list])
    found = await eventually(lambda: _reasons(kit, key), lambda r: len(r) == 2)
    assert [reason for reason, _ in found] == ["undecodable", "undecodable"]
    assert all("recursion" in error or "nested deeper" in error for _, error in found)


async def test_an_event_without_an_id_is_dead_lettered_each_time_never_applied(
    kit: dict[str, Any],
) -> None:
    person = uuid.uuid4()
    envelope = json.loads(recategorised(person).to_bytes())
    del envelope["id"]
    without_id = json.dumps(envelope).encode()
    _, key = await _publish_then_valid(kit, [without_id, without_id])
    found = await eventually(lambda: _reasons(kit, key), lambda r: len(r) == 2)
    assert [reason for reason, _ in found] == ["invalid_envelope"] * 2
    assert all(error.startswith("id: Field required") for _, error in found)
    assert await applied_count(kit["app"], person) == 0


async def test_an_envelope_not_cloudevents_1_0_is_dead_lettered(kit: dict[str, Any]) -> None:
    people, bad = [], []
    for change in ({"specversion": "0.3"}, {"specversion": "2.0"}, {"specversion": ""},
                   {"specversion": None}, {"time": "2026-11-27T09:30:00"},
                   {"time": "9999-12-31T23:59:59-05:00"}, {"time": 1764236400}, {"id": ""},
                   {"source": None}, {"type": None}):  # fmt: skip
        people.append(uuid.uuid4())
        envelope = {**json.loads(recategorised(people[-1]).to_bytes()), **change}
        bad.append(json.dumps({k: v for k, v in envelope.items() if v is not None}).encode())
    _, key = await _publish_then_valid(kit, bad)
    found = await eventually(lambda: _reasons(kit, key), lambda r: len(r) == len(bad))
    assert [reason for reason, _ in found] == ["invalid_envelope"] * len(bad)
    assert [error.split(":")[0] for _, error in found] == [
        *["specversion"] * 4, *["time"] * 3, "id", "source", "type"
    ]  # fmt: skip
    for person in people:
        assert await applied_count(kit["app"], person) == 0


async def test_odd_headers_and_keys_still_make_a_dead_letter(kit: dict[str, Any]) -> None:
    headers = [("ce_id", b"\xff" * 300), ("binary", b"\x00\xfe"), ("content-type", b"\xc3")]
    _, key = await _publish_then_valid(kit, [b"1e400", b"\xff\xfe"], headers=headers)
    found = await eventually(lambda: _reasons(kit, key), lambda r: len(r) == 2)
    assert [reason for reason, _ in found] == ["undecodable", "undecodable"]
