"""The messaging kit against the real broker, on SQLite and PostgreSQL: exactly-once effects
over redelivery, dead letters and their admin API, correlation ids, security, operations."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import jsonschema
import kit_service
import pytest
from cloudevents.core.bindings import kafka as cloudevents_kafka
from kit_helpers import applied_count, for_person, header, recategorised
from sqlalchemy import select

from pathways.contracts import CloudEvent
from pathways.messaging.tables import audit_log
from pathways.messaging.topics import ensure_topics
from pathways.testing.kafka import publish, read_topic
from pathways.testing.service import bearer, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
async def kit(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[dict[str, Any]]:
    topic = f"kit.{uuid.uuid4().hex[:8]}"
    settings = kit_service.KitSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        auth_dev_key_file=dev_key_file,
        consumer_max_retries=2,
    )
    await ensure_topics(settings, [topic, "pathways.family", "pathways.kit.dlq"], partitions=3)
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    async with running(app) as client:
        yield {
            "app": app,
            "client": client,
            "settings": settings,
            "topic": topic,
            "bootstrap": kafka_bootstrap,
        }


async def family_events(kit: dict[str, Any], person: uuid.UUID, count: int) -> list[dict]:
    records = await read_topic(
        kit["bootstrap"],
        "pathways.family",
        until=lambda recs: len(for_person(recs, person)) >= count,
        timeout=30,
    )
    return for_person(records, person)


async def test_a_redelivered_event_has_exactly_one_effect(kit: dict[str, Any]) -> None:
    person = uuid.uuid4()
    event = recategorised(person).to_bytes()
    await publish(kit["bootstrap"], kit["topic"], [event, event], key=str(person).encode())
    await eventually(lambda: applied_count(kit["app"], person), lambda n: n >= 1)
    await publish(kit["bootstrap"], kit["topic"], [event], key=str(person).encode())
    await asyncio.sleep(2)
    assert await applied_count(kit["app"], person) == 1
    await family_events(kit, person, 1)
    await asyncio.sleep(1)
    assert len(await family_events(kit, person, 2)) == 1


async def test_a_record_published_before_structured_mode_is_still_applied(
    kit: dict[str, Any],
) -> None:
    person = uuid.uuid4()
    event = recategorised(person)
    # What the relay sent before: the same value, with partial ce_type/ce_id headers.
    old_headers = [
        ("content-type", b"application/cloudevents+json"),
        ("ce_type", event.type.encode()),
        ("ce_id", event.id.encode()),
    ]
    await publish(
        kit["bootstrap"], kit["topic"], [event.to_bytes()], key=str(person).encode(),
        headers=old_headers,
    )  # fmt: skip
    await eventually(lambda: applied_count(kit["app"], person), lambda n: n == 1)


async def test_poison_messages_are_dead_lettered_and_the_next_good_one_applied(
    kit: dict[str, Any],
) -> None:
    person, broken = uuid.uuid4(), uuid.uuid4()
    kit_service.BROKEN_PEOPLE.add(str(broken))
    unknown = CloudEvent(source="tests", type="intake.person.vanished.v1", data={})
    invalid = CloudEvent(source="tests", type="intake.person.recategorised.v1", data={"x": 1})
    poison = [
        b"\xff not json",
        b'{"hello": "world"}',
        unknown.to_bytes(),
        invalid.to_bytes(),
        recategorised(broken).to_bytes(),
    ]
    key = str(person).encode()
    await publish(
        kit["bootstrap"], kit["topic"], [*poison, recategorised(person).to_bytes()], key=key
    )
    await eventually(lambda: applied_count(kit["app"], person), lambda n: n == 1)

    admin = bearer(kit["settings"], "admin")
    page = await eventually(
        lambda: _dead_letters(kit, admin), lambda p: p["total"] >= 5, timeout=30
    )
    ours = [d for d in page["items"] if d["topic"] == kit["topic"]]
    assert [d["reason"] for d in ours] == [
        "undecodable",
        "invalid_envelope",
        "unknown_type",
        "invalid_data",
        "handler_failed",
    ]
    dlq = await read_topic(
        kit["bootstrap"],
        "pathways.kit.dlq",
        until=lambda r: len([x for x in r if header(x, "dlq_origin_topic") == kit["topic"]]) >= 5,
    )
    ours_on_topic = [r for r in dlq if header(r, "dlq_origin_topic") == kit["topic"]]
    assert {header(r, "dlq_reason") for r in ours_on_topic} == {d["reason"] for d in ours}
    assert all(header(r, "dlq_origin_offset") is not None for r in ours_on_topic)

    # The operator fixes the cause and replays the handler failure; purges the garbage.
    kit_service.BROKEN_PEOPLE.discard(str(broken))
    failed = next(d for d in ours if d["reason"] == "handler_failed")
    client = kit["client"]
    replayed = await client.post(f"/admin/dead-letters/{failed['id']}/replay", headers=admin)
    assert replayed.status_code == 200 and replayed.json()["status"] == "replayed"
    await eventually(lambda: applied_count(kit["app"], broken), lambda n: n == 1)
    again = await client.post(f"/admin/dead-letters/{failed['id']}/replay", headers=admin)
    assert again.status_code == 409
    purged = await client.delete(f"/admin/dead-letters/{ours[0]['id']}", headers=admin)
    assert purged.json()["status"] == "purged"
    detail = await client.get(f"/admin/dead-letters/{ours[1]['id']}", headers=admin)
    assert json.loads(__import__("base64").b64decode(detail.json()["payload_base64"])) == {
        "hello": "world"
    }
    ready = (await client.get("/health/ready")).json()
    assert ready["dead_letters"]["kit"] >= 3


async def _dead_letters(kit: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    response = await kit["client"].get("/admin/dead-letters?limit=500", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_correlation_and_causation_ids_flow_from_request_and_event(
    kit: dict[str, Any],
) -> None:
    from_http, from_event = uuid.uuid4(), uuid.uuid4()
    response = await kit["client"].post(
        f"/cases/{from_http}",
        headers={**bearer(kit["settings"], "family"), "X-Correlation-ID": "corr-http-1"},
    )
    assert response.status_code == 201
    assert response.headers["x-correlation-id"] == "corr-http-1"
    cause = recategorised(from_event, correlation_id="corr-event-1")
    await publish(kit["bootstrap"], kit["topic"], [cause.to_bytes()])
    [http_event] = await family_events(kit, from_http, 1)
    [caused] = await family_events(kit, from_event, 1)
    assert http_event["correlationid"] == "corr-http-1"
    assert caused["correlationid"] == "corr-event-1" and caused["causationid"] == cause.id


async def test_published_records_read_as_structured_cloudevents_by_the_official_sdk(
    kit: dict[str, Any],
) -> None:
    person = uuid.uuid4()
    response = await kit["client"].post(
        f"/cases/{person}",
        headers={**bearer(kit["settings"], "family"), "X-Correlation-ID": "corr-sdk-1"},
    )
    assert response.status_code == 201
    records = await read_topic(
        kit["bootstrap"],
        "pathways.family",
        until=lambda recs: len(for_person(recs, person)) >= 1,
    )
    [record] = [r for r in records if json.loads(r.value).get("subject") == str(person)]
    headers = {name: value for name, value in record.headers}
    assert not [name for name in headers if name.startswith("ce_")]  # structured mode only
    assert headers["event_type"] == b"family.case.opened.v1"
    assert headers["content-type"] == b"application/cloudevents+json"
    assert headers["correlation_id"] == b"corr-sdk-1"
    event = cloudevents_kafka.from_kafka_event(
        cloudevents_kafka.KafkaMessage(headers=headers, key=record.key, value=record.value)
    )
    assert event.get_type() == "family.case.opened.v1"
    assert event.get_subject() == str(person)
    assert event.get_extension("correlationid") == "corr-sdk-1"
    assert event.get_data()["person_id"] == str(person)
    # The record is what the service's AsyncAPI document says is on the wire.
    document = (await kit["client"].get("/asyncapi")).json()
    message = document["components"]["messages"]["family.case.opened.v1"]
    assert message["contentType"] == headers["content-type"].decode()
    jsonschema.validate(json.loads(record.value), {**document, **message["payload"]})


async def test_personal_data_routes_need_the_right_role_and_are_audited(
    kit: dict[str, Any],
) -> None:
    client, settings, person = kit["client"], kit["settings"], uuid.uuid4()
    assert (await client.post(f"/cases/{person}")).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert (await client.post(f"/cases/{person}", headers=bad)).status_code == 401
    for roles in (("intake",), ("family:read",)):
        denied = await client.post(f"/cases/{person}", headers=bearer(settings, *roles))
        assert denied.status_code == 403, roles
    ok = await client.post(f"/cases/{person}", headers=bearer(settings, "family", subject="w1"))
    assert ok.status_code == 201
    async with kit["app"].state.runtime.sessions() as session:
        rows = (
            await session.execute(select(audit_log).where(audit_log.c.subject_id == str(person)))
        ).all()
    assert [(r.actor, r.action, r.resource) for r in rows] == [("w1", "create", "case")]
    assert (
        await client.get("/admin/dead-letters", headers=bearer(settings, "family"))
    ).status_code == 403


async def test_health_metrics_and_asyncapi(kit: dict[str, Any]) -> None:
    client = kit["client"]
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {
        "database": True,
        "broker": True,
        "outbox": True,
        "messaging": True,
    }
    metrics = (await client.get("/metrics")).text
    assert "pathways_events_consumed_total" in metrics and "pathways_outbox_backlog" in metrics
    document = (await client.get("/asyncapi")).json()
    assert document["asyncapi"].startswith("3.")
    assert "family.case.opened.v1" in json.dumps(document["channels"])
    assert (
        "intake.person.recategorised.v1"
        in document["x-pathways-consumes"]["pathways.kit"]["events"]
    )


async def test_a_batch_handler_applies_a_run_once_with_each_events_own_ids(
    kit: dict[str, Any],
) -> None:
    from pathways.contracts.intake import PersonAssessed

    people = [uuid.uuid4() for _ in range(3)]
    events = [
        CloudEvent.wrap(
            PersonAssessed(person_id=p, assessment_id=uuid.uuid4(), assessed_on="2026-11-01"),
            source="tests",
            correlation_id=f"corr-{n}",
        )
        for n, p in enumerate(people)
    ]
    values = [e.to_bytes() for e in events]
    await publish(kit["bootstrap"], kit["topic"], [*values, values[0]], key=b"same-partition")
    for person in people:
        await eventually(lambda p=person: applied_count(kit["app"], p), lambda n: n == 1)
    for n, (person, event) in enumerate(zip(people, events, strict=True)):
        [made] = await family_events(kit, person, 1)
        assert made["correlationid"] == f"corr-{n}" and made["causationid"] == event.id
    assert await applied_count(kit["app"], people[0]) == 1
