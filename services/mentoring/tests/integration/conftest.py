"""The mentoring service against the real broker: intake events in, its own events out."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from mentoring_mentors import enrolment, qualify_and_activate

from pathways.contracts import CloudEvent, EventData
from pathways.mentoring.app import create_app
from pathways.mentoring.settings import Settings
from pathways.messaging.topics import ensure_topics
from pathways.testing.kafka import publish, read_topic
from pathways.testing.service import bearer, live_settings, running


@dataclass
class Broker:
    client: httpx.AsyncClient
    settings: Settings
    bootstrap: str
    headers: dict[str, str]

    async def publish(self, *events: EventData | CloudEvent) -> None:
        for event in events:
            envelope = (
                event
                if isinstance(event, CloudEvent)
                else CloudEvent.wrap(event, source="pathways/intake")
            )
            await publish(
                self.bootstrap,
                self.settings.intake_topic,
                [envelope.to_bytes()],
                key=envelope.subject.encode(),
            )

    async def mentoring_events(
        self, people: set[str], until: Any = None, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """Events on pathways.mentoring about these people (by key), as dicts."""

        def ours(records: list[Any]) -> list[dict[str, Any]]:
            keys = {p.encode() for p in people}
            return [json.loads(r.value) for r in records if r.key in keys]

        records = await read_topic(
            self.bootstrap,
            "pathways.mentoring",
            until=lambda rs: bool(until and until(ours(rs))),
            timeout=timeout,
        )
        return ours(records)

    async def active_mentor(self, prison: str, **profile: Any) -> dict[str, Any]:
        mentor = await self.post("/mentors", enrolment(prison, **profile))
        return await qualify_and_activate(self.post, mentor["mentor_id"])

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        response = await self.client.post(path, json=body, headers=self.headers)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture(scope="module")
async def broker(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[Broker]:
    settings = live_settings(
        Settings, kafka_bootstrap, database_url, dev_key_file,
        intake_topic=f"mentoring-it.{uuid.uuid4().hex[:8]}",
    )  # fmt: skip
    await ensure_topics(
        settings,
        [settings.intake_topic, "pathways.mentoring", "pathways.mentoring.dlq"],
        partitions=3,
    )
    app = create_app(settings)
    async with running(app) as client:
        yield Broker(client, settings, kafka_bootstrap, bearer(settings, "mentoring"))
