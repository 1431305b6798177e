"""Replaying a dead letter of the ministry's feed: intake re-applies it itself, and writes
nothing to `hmpps.domain-events` (the ministry's topic, which Pathways may only read)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pathways.intake.domain.feed import SEARCH_RECEIVED
from pathways.intake.service_layer import feed_handlers
from pathways.messaging.tables import outbox
from pathways.platform.errors import Conflict
from pathways.testing.kafka import end_offsets, publish
from pathways.testing.service import eventually

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
FEED = "hmpps.domain-events"
T0 = datetime.now(UTC) - timedelta(days=2)


async def test_a_feed_dead_letter_replayed_is_applied_and_never_written_to_the_feed(
    live_intake, monkeypatch: pytest.MonkeyPatch
) -> None:
    noms = live_intake.new_prison_number()
    real = feed_handlers.handle_movement

    def refuse(message, person):
        if message.noms_number == noms:
            raise Conflict("state changed under the decision", code="concurrent_change")
        return real(message, person)

    monkeypatch.setattr(feed_handlers, "handle_movement", refuse)
    before_letters = len(await live_intake.dead_letters())
    message = live_intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    await publish(live_intake.bootstrap, FEED, [json.dumps(message).encode()], key=noms.encode())
    new = await eventually(
        lambda: live_intake.dead_letters(), lambda ls: len(ls) > before_letters, timeout=45
    )
    [letter] = new[before_letters:]
    assert letter.topic == FEED and letter.reason == "handler_failed"
    monkeypatch.setattr(feed_handlers, "handle_movement", real)  # the cause is fixed
    before = await end_offsets(live_intake.bootstrap, FEED)

    response = await live_intake.client.post(
        f"/admin/dead-letters/{letter.id}/replay", headers=live_intake.auth("admin")
    )
    assert response.status_code == 200, response.text
    assert response.json()["replay_outcome"] == "applied"
    assert await live_intake.person_by_number(noms) is not None  # applied by intake itself

    async def unpublished() -> set[str]:
        async with live_intake.app.state.runtime.sessions() as session:
            topics = await session.execute(
                select(outbox.c.topic).where(outbox.c.published_at.is_(None)).distinct()
            )
            return set(topics.scalars())

    await eventually(unpublished, lambda topics: not topics, timeout=30)  # the relay is done
    async with live_intake.app.state.runtime.sessions() as session:
        topics = set((await session.execute(select(outbox.c.topic).distinct())).scalars())
    assert FEED not in topics  # nothing was ever queued for the ministry's topic …
    assert await end_offsets(live_intake.bootstrap, FEED) == before  # … nor written to it
