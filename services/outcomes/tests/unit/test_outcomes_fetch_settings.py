"""Outcomes, a read model, asks the broker for larger batches than the workflow's consumers:
its subscriber is registered with 256 KiB or 500 ms, where the kit's default (every other
service) answers at once when a byte waits, else after 20 ms; and a batch's facts, whatever
their types, go to its handler as one run."""

from __future__ import annotations

from pathlib import Path

from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.outcomes.app import create_app
from pathways.outcomes.entrypoints.operations import consumer_of
from pathways.outcomes.settings import Settings
from pathways.platform.settings import ServiceSettings
from pathways.testing.service import offline_settings


def test_outcomes_waits_for_larger_batches_than_the_kit_default(
    tmp_path: Path, dev_key_file: str
) -> None:
    settings = offline_settings(Settings, f"sqlite+aiosqlite:///{tmp_path}/o.db", dev_key_file)
    options = consumer_of(create_app(settings).state.runtime).fetch_options
    assert (options["fetch_min_bytes"], options["fetch_max_wait_ms"]) == (256 * 1024, 500)
    kit = ServiceSettings()
    assert (kit.consumer_fetch_min_bytes, kit.consumer_fetch_max_wait_ms) == (1, 20)


def test_a_batch_of_facts_of_many_types_is_one_run(tmp_path: Path, dev_key_file: str) -> None:
    """Every fact type goes to one handler; one run per batch, not one per stretch of a type
    (a person's lock, facts and ledgers once a batch: the national year's tail)."""
    settings = offline_settings(Settings, f"sqlite+aiosqlite:///{tmp_path}/o.db", dev_key_file)
    consumer = consumer_of(create_app(settings).state.runtime)
    assert consumer._runs_across_types
    assert len({id(h) for t, h in consumer.batch_handlers.items() if t != RETENTION_APPLIED}) == 1
