"""The estate model through the real platform: a fixed seed, a few hundred people at seven
prisons, services split between PostgreSQL and SQLite (see estate_platform.MIXED)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "e2e")]

from estate_compare import report  # noqa: E402
from estate_run import run_estate  # noqa: E402

pytestmark = [pytest.mark.broker, pytest.mark.postgres]

SEED, PEOPLE = 20261201, 300


def test_every_service_shows_what_the_model_predicts(tmp_path: Path) -> None:
    result = run_estate(SEED, PEOPLE, tmp_path)
    print(result.summary())
    assert not result.mismatches, report(result.mismatches, result.model)
