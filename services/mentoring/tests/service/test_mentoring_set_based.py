"""Set-based consumer equivalence (issue 14): mixed custody stories applied as one batch
(staged, a few statements per table) leave exactly the rows and the outbox events that the
same records leave applied one at a time, and a whole batch delivered again changes nothing.

With active mentors and open matches, the batch is compared with the per-event path in one
transaction: matching runs once per prison at the commit either way (one event at a time
would match between events, by design)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from mentoring_mentors import USUAL_PROFILE, enrolment, qualify_and_activate

from pathways.mentoring.app import create_app
from pathways.mentoring.settings import Settings
from pathways.platform import clock
from pathways.testing import batch_snapshot
from pathways.testing import intake_events as ev
from pathways.testing.batch_snapshot import applied
from pathways.testing.batch_stories import as_records, on_topic, stories
from pathways.testing.ids import unique_prison_code
from pathways.testing.service import bearer


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Matches are proposed and ended at the service's now: the same in every run."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))
    yield


def app_on(dev_key_file: str) -> Callable[[str], Any]:
    return batch_snapshot.app_on(create_app, Settings, dev_key_file)


def with_mentors(prison: str, mentees: int, mentors: int, dev_key_file: str) -> Any:
    """Mentees received and referred, then active mentors (the cohort matched at once)."""
    mentee_ids = [uuid.uuid4() for _ in range(mentees)]
    mentor_ids = [uuid.uuid4() for _ in range(mentors)]
    setup = as_records(
        [
            e
            for p in mentee_ids
            for e in (
                ev.received(p, prison, datetime(2026, 2, 1, tzinfo=UTC), location="A"),
                ev.referred(p, prison, ev.consent("mentoring")),
            )
        ]
    )

    async def activate(client: Any) -> None:
        headers = bearer(Settings(auth_dev_key_file=dev_key_file), "mentoring")

        async def post(path: str, body: dict[str, Any]) -> Any:
            response = await client.post(path, json=body, headers=headers)
            assert response.status_code in (200, 201), response.text
            return response.json()

        for person in mentor_ids:
            mentor = await post("/mentors", enrolment(prison, person, **USUAL_PROFILE))
            await qualify_and_activate(post, mentor["mentor_id"])

    return setup, activate, [*mentee_ids, *mentor_ids]


async def test_one_batch_leaves_what_one_event_at_a_time_leaves(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    records = as_records(on_topic(stories(36, unique_prison_code())))
    make, url = app_on(dev_key_file), new_database
    batch = await applied(make, await url(), [records])
    one_by_one = await applied(make, await url(), [[r] for r in records])
    per_event = await applied(make, await url(), [records], set_based=False)
    assert batch["mentees"] and batch["outbox"] == {}  # no mentor: nothing published
    assert batch == one_by_one
    assert batch == per_event


async def test_with_open_matches_one_batch_leaves_what_the_per_event_path_leaves(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    prison = unique_prison_code()
    setup, activate, ids = with_mentors(prison, 12, 3, dev_key_file)
    records = as_records(on_topic(stories(len(ids), prison, person_ids=ids)))
    make, url = app_on(dev_key_file), new_database
    batch = await applied(make, await url(), [setup, records], prepare=activate)
    per_event = await applied(
        make, await url(), [setup, records], prepare=activate, set_based=False
    )
    ended = [
        e
        for events in batch["outbox"].values()
        for e in events
        if e["event_type"] == "mentoring.match.ended.v1"
    ]
    assert ended  # releases, transfers and withdrawals ended matches made before the batch
    assert batch == per_event


async def test_a_batch_delivered_again_changes_nothing(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    prison = unique_prison_code()
    setup, activate, ids = with_mentors(prison, 9, 2, dev_key_file)
    records = as_records(on_topic(stories(len(ids), prison, seed=7, person_ids=ids)))
    make, url = app_on(dev_key_file), await new_database()
    once = await applied(make, url, [setup, records], prepare=activate)
    again = await applied(make, url, [setup, records])  # the same database, again
    assert again == once
