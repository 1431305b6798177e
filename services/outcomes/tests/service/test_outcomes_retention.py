"""Retention in the outcomes read model (SQLite and PostgreSQL): intake's retention_applied
event deletes every fact about the person (and their inbox rows, dead letters, audit); the
figures then count the others only, and a replay of the whole story (as a rebuild would
read it) brings none of the person's facts back and gives the same figures."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from outcomes_story import END, START, random_prison, story
from sqlalchemy import func, select

from pathways.outcomes.adapters.orm import facts, metadata
from pathways.testing.records import deliver
from pathways.testing.retention import erasure, invalid_referral_about, rows_about

pytestmark = [pytest.mark.postgres]


async def _about(svc: SimpleNamespace, person: uuid.UUID) -> dict[str, int]:
    async with svc.app.state.runtime.sessions() as session:
        return await rows_about(session, metadata, person)


async def _facts(svc: SimpleNamespace) -> int:
    async with svc.app.state.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(facts)) or 0)


async def _summary(svc: SimpleNamespace, prison: str) -> dict:
    query = f"prison_code={prison}&from={START}&to={END}"
    response = await svc.client.get(f"/outcomes/summary?{query}", headers=svc.staff)
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_erasure_deletes_the_persons_facts_and_a_replay_keeps_them_out(
    svc: SimpleNamespace,
) -> None:
    prison = random_prison()
    steps = story(prison)
    await svc.feed(steps)
    gone = steps[0].data.person_id
    consumer = svc.app.state.runtime.definition.consumers[0]
    await deliver(consumer, [invalid_referral_about(gone)])
    before = await _about(svc, gone)
    assert {"facts.person_id", "inbox.person_id", "dead_letters"} <= set(before), before
    everyone = await _facts(svc)
    full = await _summary(svc, prison)

    await deliver(consumer, [erasure(gone)])
    assert await _about(svc, gone) == {}
    assert await _facts(svc) == everyone - before["facts.person_id"]
    without = await _summary(svc, prison)
    assert without != full  # the person no longer counts

    await svc.feed(steps)  # the whole story again, as a rebuild replays the topics
    assert await _about(svc, gone) == {}
    assert await _summary(svc, prison) == without
