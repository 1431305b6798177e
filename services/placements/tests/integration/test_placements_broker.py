"""On the real broker: intake and mentoring events published by a plain producer; the
referrals read back from `pathways.placements` by a plain consumer. A qualified mentor's
release yields exactly one referral (either order, redelivered); a non-mentor's none."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from placements_testkit import envelope, qualified, released

from pathways.contracts import CloudEvent
from pathways.messaging.topics import ensure_topics
from pathways.placements.app import create_app
from pathways.placements.settings import Settings
from pathways.testing.kafka import publish, read_topic
from pathways.testing.service import bearer, eventually, live_settings, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
TOPICS = ["pathways.intake", "pathways.mentoring", "pathways.placements", "pathways.placements.dlq"]


@pytest.fixture(scope="module")
async def svc(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[SimpleNamespace]:
    settings = live_settings(
        Settings, kafka_bootstrap, database_url, dev_key_file, log_level="error"
    )
    await ensure_topics(settings, TOPICS, partitions=3)
    app = create_app(settings)
    async with running(app) as client:
        yield SimpleNamespace(
            app=app,
            client=client,
            bootstrap=kafka_bootstrap,
            staff=bearer(settings, "placements"),
        )


async def send(svc: SimpleNamespace, *events: CloudEvent) -> None:
    for event in events:
        topic = f"pathways.{event.type.split('.')[0]}"
        await publish(svc.bootstrap, topic, [event.to_bytes()], key=event.subject.encode())


async def person_view(svc: SimpleNamespace, person: uuid.UUID) -> dict[str, Any]:
    response = await svc.client.get(f"/people/{person}", headers=svc.staff)
    return response.json() if response.status_code == 200 else {}


def referrals_created(records: list[Any], person: uuid.UUID) -> list[dict[str, Any]]:
    events = [json.loads(r.value) for r in records]
    return [
        e
        for e in events
        if e["type"] == "placements.referral.created.v1" and e["data"]["person_id"] == str(person)
    ]


async def published_referrals(svc: SimpleNamespace, person: uuid.UUID) -> list[dict[str, Any]]:
    records = await read_topic(
        svc.bootstrap,
        "pathways.placements",
        until=lambda recs: len(referrals_created(recs, person)) >= 1,
        timeout=30,
    )
    await asyncio.sleep(1.5)  # time for a wrong second referral to show up
    records = await read_topic(
        svc.bootstrap, "pathways.placements", until=lambda _: False, timeout=2
    )
    return referrals_created(records, person)


@pytest.mark.parametrize("qualification_first", [True, False])
async def test_a_qualified_mentors_release_yields_exactly_one_referral(
    svc: SimpleNamespace, qualification_first: bool
) -> None:
    person = uuid.uuid4()
    qualification, release = envelope(qualified(person)), envelope(released(person))
    first, second = (qualification, release) if qualification_first else (release, qualification)
    await send(svc, first, second, release)  # the release redelivered
    await send(svc, envelope(released(person)))  # and the same release re-sent with a new id
    [created] = await published_referrals(svc, person)
    assert created["data"]["trigger"] == "release"
    assert created["subject"] == str(person) and created["causationid"] in {
        qualification.id,
        release.id,
    }
    listed = await svc.client.get(f"/referrals?person_id={person}", headers=svc.staff)
    assert [r["referral_id"] for r in listed.json()["items"]] == [created["data"]["referral_id"]]


async def test_a_non_mentors_release_yields_no_referral(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await send(svc, envelope(released(person)))
    view = await eventually(
        lambda: person_view(svc, person), lambda v: v.get("custody_status") == "released"
    )
    assert "not_qualified_mentor" in view["ineligible_because"]
    await asyncio.sleep(1.5)  # the outbox relay would have published by now
    records = await read_topic(
        svc.bootstrap, "pathways.placements", until=lambda _: False, timeout=2
    )
    assert referrals_created(records, person) == []
    listed = await svc.client.get(f"/referrals?person_id={person}", headers=svc.staff)
    assert listed.json()["total"] == 0


async def test_asyncapi_lists_what_the_service_consumes_and_publishes(
    svc: SimpleNamespace,
) -> None:
    document = json.dumps((await svc.client.get("/asyncapi")).json())
    for event_type in (
        "placements.referral.created.v1",
        "placements.placement.started.v1",
        "placements.placement.ended.v1",
        "placements.outcome.recorded.v1",
        "mentoring.mentor.qualified.v1",
        "intake.person.released.v1",
        "intake.temporary_absence.started.v1",
    ):
        assert event_type in document, event_type
    # the chassis connects to the broker in the background: readiness turns green once it has
    every_check = {"database": True, "broker": True, "outbox": True, "messaging": True}

    async def checks() -> dict[str, bool]:
        return (await svc.client.get("/health/ready")).json()["checks"]

    await eventually(checks, lambda found: found == every_check)
