"""Outcomes, a read model, asks the broker for larger batches than the workflow's consumers:
its subscriber is registered with 256 KiB or 500 ms, where the kit's default (every other
service) answers at once when a byte waits, else after 20 ms."""

from __future__ import annotations

from pathlib import Path

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
