"""Set-based consumer equivalence (issue 14): mixed custody stories applied as one batch
(staged, a few statements per table) leave exactly the rows and the outbox events that the
same records leave applied one at a time, and a whole batch delivered again changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pathways.placements.app import create_app
from pathways.placements.settings import Settings
from pathways.testing import batch_snapshot
from pathways.testing.batch_snapshot import applied
from pathways.testing.batch_stories import as_records, stories
from pathways.testing.ids import unique_prison_code


def app_on(dev_key_file: str) -> Callable[[str], Any]:
    return batch_snapshot.app_on(create_app, Settings, dev_key_file)


async def test_one_batch_leaves_what_one_event_at_a_time_leaves(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    records = as_records(stories(36, unique_prison_code()))
    make = app_on(dev_key_file)
    batch = await applied(make, await new_database(), [records])
    one_by_one = await applied(make, await new_database(), [[r] for r in records])
    per_event = await applied(make, await new_database(), [records], set_based=False)
    assert batch["referrals"] and batch["outbox"]  # the stories did open referrals
    assert batch == one_by_one
    assert batch == per_event


async def test_a_batch_delivered_again_changes_nothing(
    new_database: Callable[[], Awaitable[str]], dev_key_file: str
) -> None:
    records = as_records(stories(24, unique_prison_code(), seed=7))
    make = app_on(dev_key_file)
    url = await new_database()
    once = await applied(make, url, [records])
    again = await applied(make, url, [records])  # the same database, the whole batch again
    assert again == once
