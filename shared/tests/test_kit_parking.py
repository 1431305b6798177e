"""What the broker must refuse never blocks an outbox: a message too large for the topic is
parked (readiness `degraded`, a gauge, a log line) and the messages after it are published
in order; a dead letter of a record too large to copy keeps an excerpt and its digest; and
readiness reports an outbox that has stopped moving."""

from __future__ import annotations

import asyncio
import hashlib
import uuid

import kit_service
import pytest
from kit_helpers import header, recategorised
from sqlalchemy import select

from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.tables import dead_letters, outbox
from pathways.messaging.topics import ensure_topics
from pathways.testing.kafka import publish, read_topic
from pathways.testing.local_broker import free_port
from pathways.testing.service import bearer, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def _settings(database_url: str, bootstrap: str, key_file: str, **more: object):
    return kit_service.KitSettings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        auth_dev_key_file=key_file,
        **more,
    )


async def test_a_message_the_broker_refuses_is_parked_and_the_rest_are_published_in_order(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> None:
    topic = f"kit.parking.{uuid.uuid4().hex[:8]}"
    settings = _settings(database_url, kafka_bootstrap, dev_key_file)
    await ensure_topics(settings, [topic, f"{topic}.in"], partitions=1)
    app = kit_service.build(settings, f"{topic}.in")
    await kit_service.create_tables(app)
    runtime = app.state.runtime
    async with running(app) as client:
        async with runtime.new_uow() as uow:
            for name, body in (("before", b"b" * 10), ("huge", b"h" * 2**21), ("after", b"a" * 10)):
                uow.emit_message(OutgoingMessage(name, "kit.test", topic, "k", body))
            await uow.commit()
        records = await read_topic(
            kafka_bootstrap, topic, until=lambda r: b"a" * 10 in {x.value for x in r}, timeout=60
        )
        # before, then after; huge parked. The topic is at-least-once: a pass that failed
        # after the broker stored a message sends it again, so duplicates may follow.
        assert list(dict.fromkeys(r.value for r in records)) == [b"b" * 10, b"a" * 10]

        async def outbox_rows() -> list:
            async with runtime.sessions() as session:
                return (await session.execute(select(outbox).order_by(outbox.c.id))).all()

        settled = await eventually(  # each row published or parked: the relay is done
            outbox_rows, lambda rows: all(r.published_at or r.parked_at for r in rows), timeout=60
        )
        parked = [r for r in settled if r.parked_at is not None]
        assert [r.event_id for r in parked] == ["huge"]
        assert "MessageSizeTooLarge" in parked[0].park_reason and parked[0].published_at is None
        assert await runtime.relay.backlog() == 0  # parked rows are not waiting
        ready = await client.get("/health/ready")
        assert ready.status_code == 200, ready.text
        body = ready.json()
        assert body["status"] == "degraded" and body["outbox"]["parked"] == 1
        metrics = (await client.get("/metrics")).text
        assert "pathways_outbox_parked 1.0" in metrics
        assert "pathways_outbox_rows_parked_total" in metrics


async def test_a_record_too_large_to_copy_is_dead_lettered_as_an_excerpt_with_its_digest(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> None:
    topic = f"kit.oversized.{uuid.uuid4().hex[:8]}"
    settings = _settings(database_url, kafka_bootstrap, dev_key_file)
    await ensure_topics(settings, [topic, "pathways.kit.dlq"], partitions=1)
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    event = recategorised(uuid.uuid4()).model_dump(mode="json")
    event_id = event["id"]
    # The record: a CloudEvent of an unknown type, padded to 1,048,400 bytes.
    event["type"] = "kit.nothing.known.v1"
    body = _padded(event, 1_048_400)
    async with running(app) as client:
        parked_before = (await client.get("/health/ready")).json()["outbox"]["parked"]
        headers = [("ce_id", event_id.encode()), ("ce_type", b"kit.nothing.known.v1")]
        await publish(
            kafka_bootstrap, topic, [body], key=b"k", headers=headers, max_request_size=2**21
        )
        letters = await read_topic(
            kafka_bootstrap,
            "pathways.kit.dlq",
            until=lambda r: any(header(x, "ce_id") == event_id for x in r),
            timeout=60,
        )
        [letter] = [x for x in letters if header(x, "ce_id") == event_id]
        assert header(letter, "dlq_reason") == "unknown_type"
        assert header(letter, "dlq_truncated") == "true"
        assert header(letter, "dlq_original_size") == "1048400"
        assert header(letter, "dlq_original_sha256") == hashlib.sha256(body).hexdigest()
        assert body.startswith(letter.value) and len(letter.value) <= 16 * 1024
        async with app.state.runtime.sessions() as session:
            row = (
                await session.execute(select(dead_letters).where(dead_letters.c.topic == topic))
            ).one()
        assert row.payload == letter.value and row.headers["dlq_original_size"] == "1048400"
        replay = await client.post(
            f"/admin/dead-letters/{row.id}/replay", headers=bearer(settings, "admin")
        )
        assert replay.status_code == 409  # an excerpt is not the message: never replayed
        ready = (await client.get("/health/ready")).json()
        assert ready["outbox"]["parked"] == parked_before  # the dead letter fitted


async def test_readiness_reports_an_outbox_that_stopped_moving(
    database_url: str, dev_key_file: str
) -> None:
    nowhere = f"127.0.0.1:{free_port()}"  # no broker: nothing can be published
    settings = _settings(database_url, nowhere, dev_key_file, outbox_stuck_seconds=0.5)
    app = kit_service.build(settings, "kit.stuck")
    await kit_service.create_tables(app)
    async with running(app) as client:
        fresh = (await client.get("/health/ready")).json()
        assert fresh["checks"]["outbox"] is True  # empty: nothing waits
        created = await client.post(f"/cases/{uuid.uuid4()}", headers=bearer(settings, "family"))
        assert created.status_code == 201
        await asyncio.sleep(0.6)
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        body = ready.json()
        assert body["outbox"]["stuck"] is True, body
        assert body["checks"]["outbox"] is False
        assert body["outbox"]["oldest_unpublished_seconds"] >= 0.5


def _padded(event: dict, size: int) -> bytes:
    import json

    event["data"] = {**event["data"], "padding": ""}
    bare = len(json.dumps(event, separators=(",", ":")).encode())
    event["data"]["padding"] = "p" * (size - bare)
    body = json.dumps(event, separators=(",", ":")).encode()
    assert len(body) == size
    return body
