"""Fixtures of the family service's tests: a running app per database (module scope) with
helpers to drive it through its API and through intake's events."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pathways.contracts import CloudEvent
from pathways.contracts import intake as contract
from pathways.family.adapters.orm import known_people
from pathways.family.app import create_app
from pathways.family.settings import Settings
from pathways.messaging.tables import audit_log, dead_letters, outbox
from pathways.messaging.topics import ensure_topics
from pathways.platform import clock
from pathways.testing.records import deliver
from pathways.testing.service import bearer, eventually, live_settings, running

NO_BROKER = "127.0.0.1:9"  # service tests drive the consumer directly, not through Kafka


class Intake:
    """Builders of intake's contract events for one person."""

    @staticmethod
    def received(person: uuid.UUID, at: datetime | None = None, reason: str = "new_admission"):
        return _wrap(
            contract.PersonReceived(
                person_id=person, prison_number="A1234BC", prison_code="BAI",
                received_at=at or datetime.now(UTC), reason=reason,
            )
        )  # fmt: skip

    @staticmethod
    def referred(person: uuid.UUID, family: bool = True) -> CloudEvent:
        """As intake sends it: with the consent recorded at referral."""
        return _wrap(
            contract.PersonReferred(
                person_id=person, referral_id=uuid.uuid4(), source="staff",
                substances=["alcohol"], urgency="routine", prison_code="BAI",
                consent=contract.SharingConsent(family=family),
            )
        )  # fmt: skip

    @staticmethod
    def consent_changed(person: uuid.UUID, family: bool, at: datetime) -> CloudEvent:
        return _wrap(
            contract.ConsentChanged(
                person_id=person, consent=contract.SharingConsent(family=family), changed_at=at
            )
        )

    @staticmethod
    def scheduled(person: uuid.UUID, expected_on: date) -> CloudEvent:
        return _wrap(
            contract.ReleaseScheduled(
                person_id=person, prison_code="BAI", expected_on=expected_on,
                release_type="conditional_release",
            )
        )  # fmt: skip

    @staticmethod
    def released(person: uuid.UUID, at: datetime) -> CloudEvent:
        return _wrap(
            contract.PersonReleased(
                person_id=person, prison_number="A1234BC", prison_code="BAI", released_at=at,
                release_type="conditional_release", destination_area="Southwark",
            )
        )  # fmt: skip

    @staticmethod
    def release_cancelled(person: uuid.UUID, expected_on: date) -> CloudEvent:
        return _wrap(
            contract.ReleaseCancelled(
                person_id=person, prison_code="BAI", expected_on=expected_on,
                reason="parole_refused",
            )
        )  # fmt: skip

    @staticmethod
    def transferred(person: uuid.UUID, at: datetime) -> CloudEvent:
        return _wrap(
            contract.PersonTransferred(
                person_id=person, from_prison_code="BAI", to_prison_code="WDI", transferred_at=at
            )
        )


def _wrap(data: Any) -> CloudEvent:
    return CloudEvent.wrap(data, source="pathways/intake")


class Family:
    """The running family service and ways to drive and inspect it."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient, settings: Settings) -> None:
        self.app, self.client, self.settings = app, client, settings
        self.consumer = app.state.runtime.definition.consumers[0]

    def auth(self, *roles: str, subject: str = "fw.jones") -> dict[str, str]:
        return bearer(self.settings, *(roles or ("family",)), subject=subject)

    async def deliver(self, *events: CloudEvent) -> None:
        """Hand events to the consumer as one batch, as if read from `pathways.intake`."""
        await deliver(self.consumer, events)

    async def known_person(self, at: datetime | None = None, family: bool = True) -> uuid.UUID:
        """Received, then referred with (or without) consent to family work."""
        person = uuid.uuid4()
        await self.deliver(Intake.received(person, at))
        await self.deliver(Intake.referred(person, family))
        return person

    async def open_case(
        self, person: uuid.UUID, worker: str = "fw.jones", opened_on: date | None = None
    ) -> dict[str, Any]:
        """Open a case through the API (on `opened_on`: the service's clock is set back)."""
        real_today = clock.today
        if opened_on is not None:
            clock.today = lambda: opened_on  # type: ignore[method-assign]
        try:
            response = await self.client.post(
                "/cases", json={"person_id": str(person), "worker": worker}, headers=self.auth()
            )
        finally:
            clock.today = real_today  # type: ignore[method-assign]
        assert response.status_code == 201, response.text
        return response.json()

    async def tasks(self, person: uuid.UUID, **filters: str) -> list[dict[str, Any]]:
        params = {"person_id": str(person), "limit": "500", **filters}
        response = await self.client.get("/tasks", params=params, headers=self.auth())
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def published(self, person: uuid.UUID, event_type: str | None = None) -> list[dict]:
        """Events in the outbox about `person` (what the relay publishes), oldest first."""
        async with self.app.state.runtime.sessions() as session:
            rows = await session.execute(
                select(outbox.c.payload).where(outbox.c.key == str(person)).order_by(outbox.c.id)
            )
            events = [json.loads(payload) for payload in rows.scalars()]
        return [e for e in events if event_type is None or e["type"] == event_type]

    async def audit_rows(self, person: uuid.UUID) -> list[tuple[str, str, str]]:
        async with self.app.state.runtime.sessions() as session:
            rows = await session.execute(
                select(audit_log).where(audit_log.c.subject_id == str(person))
            )
            return [(r.actor, r.action, r.resource) for r in rows]

    async def is_known(self, person: uuid.UUID) -> bool:
        async with self.app.state.runtime.sessions() as session:
            found = await session.scalar(
                select(known_people.c.person_id).where(known_people.c.person_id == person)
            )
            return found is not None

    async def allows_family(self, person: uuid.UUID) -> bool:
        async with self.app.state.runtime.sessions() as session:
            allowed = await session.scalar(
                select(known_people.c.family_consent).where(known_people.c.person_id == person)
            )
            return allowed is True

    async def ready(self) -> bool:
        return (await self.client.get("/health/ready")).status_code == 200

    async def dead_letter_count(self) -> int:
        async with self.app.state.runtime.sessions() as session:
            return len((await session.execute(select(dead_letters.c.id))).all())


def family_settings(database_url: str, bootstrap: str, key_file: str, **extra: Any) -> Settings:
    return live_settings(
        Settings, bootstrap, database_url, key_file, consumer_max_retries=2, **extra
    )


@pytest.fixture(scope="module")
async def family(database_url: str, dev_key_file: str) -> AsyncIterator[Family]:
    """The service on SQLite and PostgreSQL, without a broker (events handed to the consumer)."""
    settings = family_settings(database_url, NO_BROKER, dev_key_file)
    app = create_app(settings)
    async with running(app) as client:
        yield Family(app, client, settings)


@pytest.fixture(scope="module")
def intake() -> type[Intake]:
    return Intake


@pytest.fixture(scope="module")
async def live_family(
    database_url: str, dev_key_file: str, kafka_bootstrap: str
) -> AsyncIterator[Family]:
    """The service on the real broker (consumer group `pathways.family`, relay publishing)."""
    settings = family_settings(database_url, kafka_bootstrap, dev_key_file)
    await ensure_topics(
        settings, ["pathways.intake", "pathways.family", "pathways.family.dlq"], partitions=3
    )
    app = create_app(settings)
    async with running(app) as client:
        family = Family(app, client, settings)
        await eventually(lambda: family.ready(), timeout=30)
        yield family
