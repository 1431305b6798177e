"""A small national replay (bench/national at a few hundred movements): the whole platform
as processes on SQLite, as `make up` runs it, fed through intake's movement feed and the
staff APIs; every follow-up, placement referral and ended match exactly once, and outcomes'
figures equal to the count made from the generator's own history. `make bench-national` is
the same at national size, timed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "estate")]

from estate_platform import estate_platform  # noqa: E402
from national.check import check  # noqa: E402
from national.generator import generate  # noqa: E402
from national.replay import Replay  # noqa: E402
from national.run import SQLITE  # noqa: E402

from pathways.intake.domain.prisons import PRISONS  # noqa: E402
from pathways.testing.ids import unique_prison_code, unique_prison_number  # noqa: E402

pytestmark = pytest.mark.broker
SEED, SCALE = 27, 0.0015  # 132 people, 463 movements, 98 releases, 7 mentors


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replay]:
    prisons = [unique_prison_code(among=PRISONS) for _ in range(3)]
    estate = generate(SEED, SCALE, prisons=prisons, number=lambda _: unique_prison_number())
    with estate_platform(tmp_path_factory.mktemp("national"), SQLITE) as platform:
        replay = Replay(platform, estate, quiet_timeout=120)
        replay.run()
        yield replay


def test_every_follow_up_once_and_the_figures_equal_the_independent_count(
    replayed: Replay,
) -> None:
    estate = replayed.estate
    assert sum(len(p.releases) for p in estate.people) > 50, "too small to mean anything"
    assert any(p.family_case and p.releases for p in estate.people)
    assert any(p.role == "mentor" and p.releases for p in estate.people)
    assert any(p.family_case and "recall" in {m.kind for m in p.moves} for p in estate.people)
    assert check(replayed) == []
