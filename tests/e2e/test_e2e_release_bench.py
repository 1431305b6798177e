"""The release workflow bench (bench/release_workflow.py) at a very small size, untimed: its
cast really is in the state a release acts on, and its reader of the public topics sees every
effect of every release (the match ended, three follow-ups, the placement referral), at once
and at a steady rate. The figures are `make bench-release`'s; nothing here is timed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "estate")]

from e2e_platform import Platform, run_async  # noqa: E402
from release_cast import CLOSED_PRISONS, Cast  # noqa: E402
from release_workflow import burst, steady  # noqa: E402

from pathways.testing.ids import unique_prison_code  # noqa: E402

pytestmark = pytest.mark.broker


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)
def test_every_effect_of_each_release_is_seen_on_the_public_topics(platform: Platform) -> None:
    cast = Cast(platform, 5, prisons=[unique_prison_code(among=CLOSED_PRISONS)], quiet_timeout=60)
    cast.build()  # asserts each mentor has their open match
    cast.close()
    at_once, steadily = cast.pairs[:3], cast.pairs[3:]
    elapsed, watch = run_async(burst(platform.bootstrap, at_once, timeout=60))
    assert elapsed > 0
    assert set(watch.done_at) == {p.mentor for p in at_once}, watch.missing()
    watch = run_async(steady(platform.bootstrap, steadily, timeout=60))
    assert set(watch.done_at) == {p.mentor for p in steadily}, watch.missing()
    (to_follow_up, _), (to_every_effect, _) = watch.latencies()
    assert 0 < to_follow_up <= to_every_effect
