"""End-to-end fixtures: the whole platform as separate processes, once per database.

The helpers live in uniquely named modules beside this file (`e2e_platform`, `e2e_clients`,
`e2e_story`); the tests run with --import-mode=importlib, so this directory is put on
sys.path for them here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_platform import Platform, running_platform


@pytest.fixture(scope="session", params=["postgresql", "sqlite"])
def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    """Broker, topics and every installed service (each its own process and database);
    shared by the story and the fault tests, which use different prisons and people."""
    workdir = tmp_path_factory.mktemp(f"e2e-{request.param}")
    with running_platform(request.param, workdir) as running:
        yield running
