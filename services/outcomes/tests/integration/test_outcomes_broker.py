"""The outcomes service on the real broker: a story published on the four public topics as
contract CloudEvents, the figures it gives, and the same figures after a rebuild."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from outcomes_story import END, EXPECTED, START, figures_of, random_prison, story

from pathways.messaging.topics import ensure_topics
from pathways.outcomes.app import create_app
from pathways.outcomes.settings import Settings
from pathways.testing.kafka import publish
from pathways.testing.service import bearer, eventually, live_settings, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
async def live(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[SimpleNamespace]:
    settings = live_settings(
        Settings, kafka_bootstrap, database_url, dev_key_file,
        generation_poll_seconds=0.5, log_level="warning",
    )  # fmt: skip
    await ensure_topics(settings, [*settings.topics(), "pathways.outcomes.dlq"], partitions=3)
    app = create_app(settings)
    async with running(app) as client:
        yield SimpleNamespace(
            client=client,
            bootstrap=kafka_bootstrap,
            reader=bearer(settings, "reporting:read"),
            writer=bearer(settings, "reporting"),
            broker=app.state.runtime.broker,
        )


async def _get(live: SimpleNamespace, path: str) -> dict[str, Any]:
    response = await live.client.get(path, headers=live.reader)
    assert response.status_code == 200, response.text
    return response.json()


async def test_published_events_give_the_figures_and_a_rebuild_gives_them_again(
    live: SimpleNamespace,
) -> None:
    await eventually(lambda: _get(live, "/outcomes/status"), lambda s: s["consuming"])
    prison = random_prison()
    by_topic: dict[str, list[Any]] = defaultdict(list)
    for step in story(prison):
        by_topic[step.data.topic()].append(step)
    for topic, steps in by_topic.items():
        for step in steps:
            key = step.data.key().encode()
            await publish(live.bootstrap, topic, [step.envelope().to_bytes()], key=key)

    summary = f"/outcomes/summary?prison_code={prison}&from={START}&to={END}"
    first = await eventually(
        lambda: _get(live, summary), lambda s: figures_of(s) == EXPECTED, timeout=30
    )
    assert figures_of(first) == EXPECTED
    before = await _get(live, "/outcomes/status")

    started = await live.client.post("/outcomes/rebuild", headers=live.writer)
    assert started.status_code == 202, started.text
    generation = started.json()["generation"]
    assert generation == before["generation"] + 1
    assert started.json()["consumer_group"] == f"pathways.outcomes.g{generation}"

    done = await eventually(
        lambda: _get(live, "/outcomes/status"),
        lambda s: not s["rebuilding"] and s["events_applied"] >= before["events_applied"],
        timeout=40,
    )
    assert done["generation"] == generation and done["rebuilt_at"] is not None
    assert figures_of(await _get(live, summary)) == EXPECTED
    # The old generation's subscriber is gone from the broker (a reconnect, or the kit's
    # broker-loss recovery, would otherwise start it again): only the new group consumes.
    groups = [getattr(s, "group_id", None) for s in live.broker.subscribers]
    assert groups == [f"pathways.outcomes.g{generation}"]
