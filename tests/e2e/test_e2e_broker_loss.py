"""Broker-side faults on a platform of its own (its topics get records no producer of the
contract sends, and its broker is replaced, which the shared platform must not see).

The issue's oversized record: a 1,048,400-byte CloudEvent of an unknown type on
pathways.intake. Every consumer of that topic dead-letters it as an excerpt (its full copy
would not fit the DLQ topic), and every outbox keeps publishing: nothing parked, nothing
stuck, the platform goes quiet.

A lost broker: half-way through the release workflow the broker is SIGKILLed and a fresh,
empty one takes its port (no topics, no consumer groups, no offsets). Without restarting any
service, each one notices, goes not-ready, recreates the topics, rejoins its groups, turns
ready again, and the rest of the workflow flows end to end."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from confluent_kafka import Producer
from e2e_platform import Platform, eventually, read_topics, running_platform, wait_ready
from e2e_story import Story

from pathways.contracts import dead_letter_topic

pytestmark = [pytest.mark.broker, pytest.mark.resilience]
SIZE = 1_048_400


@pytest.fixture(scope="module")
def own_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """A platform of its own (SQLite): its broker is replaced, which the shared one must not."""
    workdir: Path = tmp_path_factory.mktemp("e2e-broker-loss")
    with running_platform("sqlite", workdir) as running:
        yield running


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
    own_platform: Platform,
) -> None:
    platform = own_platform
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


def _seen_not_ready(platform: Platform, timeout: float = 60.0) -> set[str]:
    """Poll every service's readiness until each has said 503 at least once."""
    red: set[str] = set()
    deadline = time.monotonic() + timeout
    while red != set(platform.services) and time.monotonic() < deadline:
        for name, service in platform.services.items():
            try:
                response = httpx.get(f"{service.url}/health/ready", timeout=2)
            except httpx.HTTPError:
                continue
            if response.status_code == 503:
                red.add(name)
        time.sleep(0.05)
    return red


def test_events_flow_again_after_the_broker_restarts_empty(own_platform: Platform) -> None:
    platform = own_platform
    story = Story(platform, "BLI")
    try:
        story.receive_from_feed(story.mentor_a, story.mentor_b, story.mentee)
        story.train_mentors()
        story.refer_and_assess_mentee()
        story.activate_mentor_b()
        story.open_family_case()
        story.schedule_release()
        platform.wait_quiet()
        starts = {name: s.starts for name, s in platform.services.items()}

        platform.replace_broker()
        assert _seen_not_ready(platform) == set(platform.services)
        wait_ready(platform.services.values(), timeout=90)

        story.release_from_feed(story.mentor_a)
        story.wait_for_mentor_release()
        story.release_from_feed(story.mentee)
        story.wait_for_mentee_release()
        platform.wait_quiet()
        assert {name: s.starts for name, s in platform.services.items()} == starts
    finally:
        story.close()
