"""A running mentoring service per test module (SQLite and PostgreSQL), and a `svc` helper
that drives it through the API and feeds intake events straight to its consumer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from mentoring_mentors import USUAL_PROFILE, enrolment, qualify_and_activate
from sqlalchemy import select

from pathways.contracts import CloudEvent, EventData
from pathways.contracts import intake as ev
from pathways.mentoring.app import create_app
from pathways.mentoring.settings import Settings
from pathways.messaging.tables import audit_log, outbox
from pathways.messaging.topics import ensure_topics
from pathways.testing.ids import unique_prison_code, unique_prison_number
from pathways.testing.records import deliver
from pathways.testing.service import bearer, live_settings, running


def prison_number() -> str:
    return unique_prison_number()


@dataclass
class Service:
    app: Any
    client: httpx.AsyncClient
    settings: Settings
    headers: dict[str, str]

    # -- through the API ------------------------------------------------------------------
    async def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        response = await self.client.post(path, json=body, headers=self.headers)
        assert response.status_code == status, response.text
        return response.json()

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.client.get(path, params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def active_mentor(
        self, prison: str = "BAI", person: uuid.UUID | None = None, **profile: Any
    ) -> dict[str, Any]:
        mentor = await self.post(
            "/mentors", enrolment(prison, person, **USUAL_PROFILE | profile), 201
        )
        return await qualify_and_activate(self.post, mentor["mentor_id"])

    # -- intake events, straight to the consumer -------------------------------------------
    async def deliver(self, *events: EventData | CloudEvent) -> list[CloudEvent]:
        envelopes = [
            e if isinstance(e, CloudEvent) else CloudEvent.wrap(e, source="pathways/intake")
            for e in events
        ]
        await deliver(self.app.state.runtime.definition.consumers[0], envelopes)
        return envelopes

    async def newcomer(
        self, prison: str = "BAI", wing: str = "A", substances: tuple[str, ...] = ("opiates",)
    ) -> uuid.UUID:
        """A person received and referred (in that order)."""
        person = uuid.uuid4()
        await self.deliver(received(person, prison, wing), referred(person, substances))
        return person

    async def published(self, event_type: str, person: uuid.UUID | str) -> list[dict[str, Any]]:
        """Contract events in the outbox of this type about this person (key)."""
        import json

        async with self.app.state.runtime.sessions() as session:
            rows = (
                await session.execute(
                    select(outbox)
                    .where(outbox.c.event_type == event_type, outbox.c.key == str(person))
                    .order_by(outbox.c.id)  # PostgreSQL returns rows the relay updated last
                )
            ).all()
        return [json.loads(r.payload)["data"] for r in rows]

    async def audited(self, person: uuid.UUID | str) -> list[tuple[str, str, str]]:
        async with self.app.state.runtime.sessions() as session:
            rows = (
                await session.execute(
                    select(audit_log).where(audit_log.c.subject_id == str(person))
                )
            ).all()
        return [(r.actor, r.action, r.resource) for r in rows]


def received(
    person: uuid.UUID,
    prison: str = "BAI",
    wing: str | None = "A",
    at: datetime | None = None,
    reason: str = "new_admission",
) -> ev.PersonReceived:
    return ev.PersonReceived(
        person_id=person,
        prison_number=prison_number(),
        prison_code=prison,
        location=wing,
        received_at=at or datetime.now(UTC),
        reason=reason,
    )


def referred(
    person: uuid.UUID, substances: tuple[str, ...] = ("opiates",), *, mentoring: bool = True
) -> ev.PersonReferred:
    """As intake sends it: with the consent recorded at referral."""
    return ev.PersonReferred(
        person_id=person,
        referral_id=uuid.uuid4(),
        source="reception_screening",
        substances=list(substances),
        urgency="routine",
        consent=ev.SharingConsent(mentoring=mentoring),
    )


def released(
    person: uuid.UUID, prison: str = "BAI", at: datetime | None = None
) -> ev.PersonReleased:
    return ev.PersonReleased(
        person_id=person,
        prison_number=prison_number(),
        prison_code=prison,
        released_at=at or datetime.now(UTC) + timedelta(seconds=1),
        release_type="conditional_release",
    )


def transferred(
    person: uuid.UUID,
    from_prison: str = "BAI",
    to_prison: str = "WWI",
    at: datetime | None = None,
    wing: str | None = None,
) -> ev.PersonTransferred:
    return ev.PersonTransferred(
        person_id=person,
        from_prison_code=from_prison,
        to_prison_code=to_prison,
        transferred_at=at or datetime.now(UTC) + timedelta(seconds=1),
        location=wing,
    )


def location_changed(
    person: uuid.UUID, prison: str, wing: str, at: datetime
) -> ev.PersonLocationChanged:
    return ev.PersonLocationChanged(
        person_id=person, prison_code=prison, location=wing, changed_at=at
    )


def consent_changed(person: uuid.UUID, mentoring: bool, at: datetime) -> ev.ConsentChanged:
    return ev.ConsentChanged(
        person_id=person, consent=ev.SharingConsent(mentoring=mentoring), changed_at=at
    )


def new_prison() -> str:
    """A prison of its own for each test (matching runs over a prison's whole cohort)."""
    return unique_prison_code()


class Events:
    """Intake's events, as the tests build them."""

    received = staticmethod(received)
    referred = staticmethod(referred)
    released = staticmethod(released)
    transferred = staticmethod(transferred)
    location_changed = staticmethod(location_changed)
    consent_changed = staticmethod(consent_changed)
    new_prison = staticmethod(new_prison)


@pytest.fixture
def events() -> type[Events]:
    return Events


@pytest.fixture(scope="module")
def service_overrides() -> dict[str, Any]:
    """Settings a test module changes (override this fixture in the module)."""
    return {}


@pytest.fixture(scope="module")
async def svc(
    kafka_bootstrap: str, database_url: str, dev_key_file: str, service_overrides: dict[str, Any]
) -> AsyncIterator[Service]:
    settings = live_settings(
        Settings, kafka_bootstrap, database_url, dev_key_file,
        intake_topic=f"mentoring-svc.{uuid.uuid4().hex[:8]}", **service_overrides,
    )  # fmt: skip
    await ensure_topics(settings, [settings.intake_topic, "pathways.mentoring"], partitions=3)
    app = create_app(settings)
    async with running(app) as client:
        yield Service(app, client, settings, bearer(settings, "mentoring", subject="coordinator-1"))
