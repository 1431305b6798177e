"""The issue's oversized record: a 1,048,400-byte CloudEvent of an unknown type on
pathways.intake. Every consumer of that topic dead-letters it as an excerpt (its full copy
would not fit the DLQ topic), and every outbox keeps publishing: nothing parked, nothing
stuck, the platform goes quiet."""

from __future__ import annotations

import hashlib
import json
import uuid

import httpx
import pytest
from confluent_kafka import Producer
from e2e_platform import Platform, eventually, read_topics

from pathways.contracts import dead_letter_topic

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
SIZE = 1_048_400


def _oversized_event(event_id: str) -> bytes:
    event = {
        "specversion": "1.0",
        "id": event_id,
        "source": "pathways/intake",
        "type": "intake.nothing.known.v1",
        "time": "2026-12-01T10:00:00Z",
        "subject": str(uuid.uuid4()),
        "datacontenttype": "application/json",
        "data": {"padding": ""},
    }
    bare = len(json.dumps(event).encode())
    event["data"]["padding"] = "p" * (SIZE - bare)
    body = json.dumps(event).encode()
    assert len(body) == SIZE
    return body


def test_an_oversized_unknown_event_is_dead_lettered_and_every_outbox_flows_on(
    platform: Platform,
) -> None:
    event_id = str(uuid.uuid4())
    body = _oversized_event(event_id)
    producer = Producer(
        {"bootstrap.servers": platform.bootstrap, "message.max.bytes": 2**21, "log_level": 3}
    )
    headers = [("ce_id", event_id.encode()), ("ce_type", b"intake.nothing.known.v1")]
    producer.produce("pathways.intake", body, key=b"oversized", headers=headers)
    assert producer.flush(15) == 0
    consumers = [n for n in ("mentoring", "family", "placements", "outcomes") if platform.has(n)]
    topics = [dead_letter_topic(n) for n in consumers]

    def excerpts() -> dict[str, dict[str, str]]:
        found = {}
        for message in read_topics(platform.bootstrap, topics):
            got = {k: (v or b"").decode() for k, v in (message.headers() or [])}
            if got.get("ce_id") == event_id:
                assert body.startswith(message.value()), message.topic()
                found[message.topic()] = got
        assert set(found) == set(topics), sorted(found)
        return found

    for letter in eventually(excerpts, what="every consumer's dead letter").values():
        assert letter["dlq_reason"] == "unknown_type"
        assert letter["dlq_truncated"] == "true"
        assert letter["dlq_original_size"] == str(SIZE)
        assert letter["dlq_original_sha256"] == hashlib.sha256(body).hexdigest()
    platform.wait_quiet()
    for name, service in platform.services.items():
        ready = httpx.get(f"{service.url}/health/ready", timeout=5).json()
        assert ready["outbox"]["parked"] == 0 and not ready["outbox"]["stuck"], (name, ready)
    admin = {"Authorization": f"Bearer {platform.token('admin')}"}
    for name in consumers:  # dealt with: the story tests expect no dead letters waiting
        listing = httpx.get(
            f"{platform.url(name)}/admin/dead-letters", headers=admin, params={"limit": 500}
        ).json()
        for item in listing["items"]:
            if item["event_id"] == event_id:
                httpx.delete(
                    f"{platform.url(name)}/admin/dead-letters/{item['id']}", headers=admin
                ).raise_for_status()
