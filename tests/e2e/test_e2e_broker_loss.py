"""A lost broker: half-way through the release workflow the broker is SIGKILLed and a fresh,
empty one takes its port (no topics, no consumer groups, no offsets). Without restarting any
service, each one notices, goes not-ready, recreates the topics, rejoins its groups, turns
ready again, and the rest of the workflow flows end to end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from e2e_platform import Platform, running_platform, wait_ready
from e2e_story import Story

pytestmark = [pytest.mark.broker]


@pytest.fixture(scope="module")
def own_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """A platform of its own (SQLite): its broker is replaced, which the shared one must not."""
    workdir: Path = tmp_path_factory.mktemp("e2e-broker-loss")
    with running_platform("sqlite", workdir) as running:
        yield running


def _seen_not_ready(platform: Platform, timeout: float = 60.0) -> set[str]:
    """Poll every service's readiness until each has said 503 at least once."""
    red: set[str] = set()
    deadline = time.monotonic() + timeout
    while red != set(platform.services) and time.monotonic() < deadline:
        for name, service in platform.services.items():
            try:
                response = httpx.get(f"{service.url}/health/ready", timeout=2)
            except httpx.HTTPError:
                continue
            if response.status_code == 503:
                red.add(name)
        time.sleep(0.05)
    return red


def test_events_flow_again_after_the_broker_restarts_empty(own_platform: Platform) -> None:
    platform = own_platform
    story = Story(platform, "BLI")
    try:
        story.receive_from_feed(story.mentor_a, story.mentor_b, story.mentee)
        story.train_mentors()
        story.refer_and_assess_mentee()
        story.activate_mentor_b()
        story.open_family_case()
        story.schedule_release()
        platform.wait_quiet()
        starts = {name: s.starts for name, s in platform.services.items()}

        platform.replace_broker()
        assert _seen_not_ready(platform) == set(platform.services)
        wait_ready(platform.services.values(), timeout=90)

        story.release_from_feed(story.mentor_a)
        story.wait_for_mentor_release()
        story.release_from_feed(story.mentee)
        story.wait_for_mentee_release()
        platform.wait_quiet()
        assert {name: s.starts for name, s in platform.services.items()} == starts
    finally:
        story.close()
