"""Replaying a family dead letter: family re-applies the stored original itself; nothing new
lands on `pathways.intake`, so mentoring, placements and outcomes (its other consumers) never
see the record again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pathways.contracts.intake import PersonReceived
from pathways.messaging.tables import dead_letters, outbox
from pathways.testing.kafka import end_offsets, publish
from pathways.testing.service import eventually

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
INTAKE = "pathways.intake"


async def test_a_family_dead_letter_replayed_is_applied_by_family_alone(
    live_family, intake, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = uuid.uuid4()
    handlers = live_family.consumer.handlers
    real = handlers[PersonReceived.event_type]

    async def broken(incoming, uow):
        if incoming.data.person_id == person:
            raise RuntimeError("family's database refused the write")
        await real(incoming, uow)

    monkeypatch.setitem(handlers, PersonReceived.event_type, broken)
    received = intake.received(person, datetime.now(UTC) - timedelta(days=3))
    bootstrap = live_family.settings.kafka_bootstrap_servers
    await publish(bootstrap, INTAKE, [received.to_bytes()], key=str(person).encode())

    async def letter_id() -> int | None:
        async with live_family.app.state.runtime.sessions() as session:
            return await session.scalar(
                select(dead_letters.c.id).where(dead_letters.c.event_id == received.id)
            )

    letter = await eventually(letter_id, timeout=45)
    assert not await live_family.is_known(person)
    monkeypatch.setitem(handlers, PersonReceived.event_type, real)  # the cause is fixed
    before = await end_offsets(bootstrap, INTAKE)

    admin = live_family.auth("admin", subject="ops.lee")
    response = await live_family.client.post(f"/admin/dead-letters/{letter}/replay", headers=admin)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "replayed" and body["replay_outcome"] == "applied"
    assert await live_family.is_known(person)  # applied by family, in the request
    again = await live_family.client.post(f"/admin/dead-letters/{letter}/replay", headers=admin)
    assert again.status_code == 409  # replayed once, applied once

    async def unpublished() -> int:
        async with live_family.app.state.runtime.sessions() as session:
            rows = await session.execute(select(outbox.c.id).where(outbox.c.published_at.is_(None)))
            return len(rows.all())

    await eventually(unpublished, lambda n: n == 0, timeout=30)  # the relay is done
    async with live_family.app.state.runtime.sessions() as session:
        topics = set((await session.execute(select(outbox.c.topic).distinct())).scalars())
    assert INTAKE not in topics
    # Nothing new on the origin topic: no other consumer of it can see the record again.
    assert await end_offsets(bootstrap, INTAKE) == before
