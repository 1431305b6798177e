"""Set-based consumer equivalence (issue 14): mixed custody stories applied as one batch
(staged, a few statements per table) leave exactly the rows and the outbox events that the
same records leave applied one at a time, and a whole batch delivered again changes nothing.
Half the people have a family case (opened by staff first), so follow-ups are planned."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from pathways.family.app import create_app
from pathways.family.settings import Settings
from pathways.testing import batch_snapshot
from pathways.testing import intake_events as ev
from pathways.testing.batch_snapshot import applied
from pathways.testing.batch_stories import as_records, on_topic, stories
from pathways.testing.ids import unique_prison_code
from pathways.testing.service import bearer


def app_on(dev_key_file: str) -> Callable[[str], Any]:
    return batch_snapshot.app_on(create_app, Settings, dev_key_file)


def with_cases(people: int, dev_key_file: str) -> tuple[list, Any, list[uuid.UUID]]:
    """Referrals consenting to family work for `people`, and the staff opening their cases."""
    ids = [uuid.uuid4() for _ in range(people)]
    referrals = as_records([ev.referred(p, "BAI", ev.consent("family")) for p in ids])

    async def open_cases(client: Any) -> None:
        headers = bearer(Settings(auth_dev_key_file=dev_key_file), "family:all", subject="fw")
        for person in ids:
            body = {"person_id": str(person), "worker": "fw.jones"}
            response = await client.post("/cases", json=body, headers=headers)
            assert response.status_code == 201, response.text

    return referrals, open_cases, ids


async def test_one_batch_leaves_what_one_event_at_a_time_leaves(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    referrals, open_cases, ids = with_cases(18, dev_key_file)
    records = as_records(on_topic(stories(36, unique_prison_code(), person_ids=ids)))
    make, url = app_on(dev_key_file), new_database
    batch = await applied(make, await url(), [referrals, records], prepare=open_cases)
    one_by_one = await applied(
        make, await url(), [referrals, *([r] for r in records)], prepare=open_cases
    )
    per_event = await applied(
        make, await url(), [referrals, records], prepare=open_cases, set_based=False
    )
    assert batch["followup_tasks"] and batch["outbox"]  # the stories did plan follow-ups
    assert batch == one_by_one
    assert batch == per_event


async def test_a_batch_delivered_again_changes_nothing(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    referrals, open_cases, ids = with_cases(12, dev_key_file)
    records = as_records(on_topic(stories(24, unique_prison_code(), seed=7, person_ids=ids)))
    make, url = app_on(dev_key_file), await new_database()
    once = await applied(make, url, [referrals, records], prepare=open_cases)
    again = await applied(make, url, [referrals, records])  # the same database, again
    assert again == once
