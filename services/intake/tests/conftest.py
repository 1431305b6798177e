"""Fixtures for intake's service and integration tests: a running intake app per test module
(once on SQLite, once on PostgreSQL) and a small harness to drive and inspect it."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pathways.intake.app import create_app
from pathways.intake.settings import Settings
from pathways.messaging.tables import audit_log, dead_letters, outbox
from pathways.messaging.topics import ensure_topics
from pathways.testing.ids import unique_prison_number
from pathways.testing.records import deliver
from pathways.testing.service import bearer, live_settings, running

FEED_TOPIC = "hmpps.domain-events"


def new_prison_number() -> str:
    """A well-formed prison number no other test of the run has (tests share one database
    per module)."""
    return unique_prison_number()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def movement(
    event_type: str, reason: str, noms: str, prison: str, at: datetime, **extra: Any
) -> dict[str, Any]:
    """A ministry movement message in the published shape (nanosecond precision, Z)."""
    body: dict[str, Any] = {
        "eventType": event_type,
        "version": 1,
        "description": "A prisoner movement",
        "occurredAt": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "113Z",
        "additionalInformation": {"nomsNumber": noms, "prisonId": prison, "reason": reason},
        "personReference": {"identifiers": [{"type": "NOMS", "value": noms}]},
    }
    if event_type.startswith("prison-offender-events"):
        body["publishedAt"] = iso(at + timedelta(minutes=45))
    body.update(extra)
    return body


@dataclass
class Intake:
    """A running intake app and helpers to drive it and look into its database."""

    app: FastAPI
    client: httpx.AsyncClient
    settings: Settings
    bootstrap: str | None = None
    _offset: int = 0
    movement = staticmethod(movement)
    new_prison_number = staticmethod(new_prison_number)

    def auth(self, *roles: str, subject: str = "officer-1") -> dict[str, str]:
        return bearer(self.settings, *(roles or ("intake",)), subject=subject)

    async def receive(self, **fields: Any) -> dict[str, Any]:
        body = {
            "prison_number": new_prison_number(),
            "prison_code": "BAI",
            "given_name": "John",
            "family_name": "Smith",
            "date_of_birth": "1988-04-02",
            "wing": "HB3",
            "received_at": iso(datetime.now(UTC) - timedelta(days=30)),
            **fields,
        }
        response = await self.client.post("/people", json=body, headers=self.auth())
        assert response.status_code == 201, response.text
        return response.json()

    async def post(self, path: str, body: dict[str, Any], **kw: Any) -> httpx.Response:
        return await self.client.post(path, json=body, headers=kw.get("headers") or self.auth())

    async def events(self, person_id: str | uuid.UUID) -> list[tuple[str, dict[str, Any]]]:
        """(type, data) of every event in the outbox about the person, oldest first."""
        async with self.app.state.runtime.sessions() as session:
            statement = select(outbox).where(outbox.c.topic == "pathways.intake")
            rows = (await session.execute(statement.order_by(outbox.c.id))).all()
        found = []
        for row in rows:
            envelope = json.loads(row.payload)
            if envelope.get("subject") == str(person_id):
                found.append((envelope["type"], envelope["data"]))
        return found

    async def audits(self, person_id: str | uuid.UUID) -> list[tuple[str, str]]:
        async with self.app.state.runtime.sessions() as session:
            statement = select(audit_log).where(audit_log.c.subject_id == str(person_id))
            rows = (await session.execute(statement.order_by(audit_log.c.id))).all()
        return [(r.actor, r.action) for r in rows]

    async def feed(self, *messages: dict[str, Any] | bytes) -> None:
        """Deliver feed messages through the real consumer (decoder, inbox, handler) in one
        batch, without the broker."""
        await deliver(self.app.state.runtime.definition.consumers[0], messages, FEED_TOPIC)

    async def dead_letters(self) -> list[Any]:
        async with self.app.state.runtime.sessions() as session:
            return list((await session.execute(select(dead_letters))).all())

    async def person_by_number(self, prison_number: str) -> dict[str, Any] | None:
        response = await self.client.get(
            "/people", params={"prison_number": prison_number}, headers=self.auth()
        )
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        return items[0] if items else None


def _settings(database_url: str, dev_key_file: str, bootstrap: str) -> Settings:
    return live_settings(Settings, bootstrap, database_url, dev_key_file,
                         consumer_max_retries=2, log_format="console")  # fmt: skip


@pytest.fixture(scope="module")
async def intake(database_url: str, dev_key_file: str) -> AsyncIterator[Intake]:
    """Intake without a broker (the API works and the outbox fills while Kafka is down)."""
    settings = _settings(database_url, dev_key_file, "127.0.0.1:9")
    app = create_app(settings)
    async with running(app) as client:
        yield Intake(app, client, settings)


@pytest.fixture(scope="module")
async def live_intake(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[Intake]:
    """Intake on the real broker: subscribed to the feed, relaying its outbox."""
    settings = _settings(database_url, dev_key_file, kafka_bootstrap)
    topics = [FEED_TOPIC, "pathways.intake", "pathways.intake.dlq"]
    await ensure_topics(settings, topics, partitions=3)
    app = create_app(settings)
    async with running(app) as client:
        yield Intake(app, client, settings, bootstrap=kafka_bootstrap)
