"""`make demo` at a small scale on a platform of its own: the services' figures and the
outcomes summary agree with an independent count made from the demo's plan."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from demo import stack  # noqa: E402
from demo.run import load  # noqa: E402
from pathways.testing.local_broker import free_port, port_open  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from expected_demo import expected, match_lengths  # noqa: E402

pytestmark = pytest.mark.broker
SCALE = float(os.environ.get("DEMO_SCALE_TEST", "0.2"))


def _free_base() -> int:
    for base in range(18700, 19900, 10):
        if not any(port_open("127.0.0.1", base + i) for i in range(5)):
            return base
    raise RuntimeError("no free ports")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory):
    var, broker, base = tmp_path_factory.mktemp("demo"), free_port(), _free_base()
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(
        LOCAL_BROKER_PORT=str(broker),
        LOCAL_PORT_BASE=str(base),
        PATHWAYS_VAR_DIR=str(var),
        LOG_FORMAT="json",
    )
    process = stack.start(env)
    try:
        yield base, f"127.0.0.1:{broker}", var
    finally:
        stack.stop(process)


def _summary(base: int, token: str, plan) -> dict:
    start = (plan.start.date().replace(day=1)).replace(year=plan.start.year - 2)
    params = {"prison_code": "BAI", "from": start.isoformat(), "to": plan.today.isoformat()}
    headers = {"Authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{base + 4}/outcomes/summary"
    last, deadline = None, time.monotonic() + 60
    while time.monotonic() < deadline:  # the read model catches up on its own
        now = httpx.get(url, params=params, headers=headers, timeout=10).json()
        if now == last:
            return now
        last = now
        time.sleep(2)
    return last


def test_demo_figures_match_the_plan(platform) -> None:
    base, bootstrap, var = platform
    began = time.monotonic()
    loader = asyncio.run(load(base, bootstrap, var, seed=7, scale=SCALE))
    assert loader.refused == [], loader.refused
    want = expected(loader.plan)
    # National scope: the figures count every prison's people.
    roles = ["intake", "mentoring", "family", "placements", "reporting"]
    token = stack.token(var, [f"{role}:all" for role in roles])
    h = {"Authorization": f"Bearer {token}"}

    def total(port: int, path: str, **params) -> int:
        got = httpx.get(
            f"http://127.0.0.1:{base + port}{path}",
            headers=h,
            timeout=10,
            params={"limit": 1, **params},
        )
        return got.json()["total"]

    # the four services, through their own APIs
    assert (
        total(0, "/people", prison_code="BAI") + total(0, "/people", prison_code="WWI")
        == (want["people_received"])
    )
    assert total(1, "/mentors", prison_code="BAI") == want["mentors_enrolled"]
    assert total(3, "/referrals", status="placed") == want["placements_started"]
    assert total(2, "/tasks", status="completed") == sum(
        len(c.data["completions"]) for c in loader.plan.steps("family.case")
    )

    # the outcomes read model
    s = _summary(base, token, loader.plan)
    assert s["mentors"]["enrolled"] == want["mentors_enrolled"]
    assert s["mentors"]["qualified_since_programme_began"] == want["mentors_qualified"]
    assert s["people"]["referred"] == want["people_referred"]
    assert s["programme_contact_21_days"]["released"] == want["released"]
    assert s["programme_contact_21_days"]["contacted"] == want["contacted"]
    care = s["continuity_of_care"]
    assert care["released_with_need"] == want["treatment_need_released"]
    assert care["released_without_need"] == want["released_without_need"]
    assert care["engaged"] == want["treatment_engaged"]
    assert care["not_yet_due"] == want["treatment_not_yet_due"]
    due = want["treatment_need_released"] - want["treatment_not_yet_due"]
    assert 0 < want["treatment_engaged"] < due  # a realistic spread, not all or nothing
    page = httpx.get(f"http://127.0.0.1:{base + 4}/outcomes", headers=h, timeout=10,
                     params={"prison_code": "BAI", "from": "2000-01-01"}).text  # fmt: skip
    line = f"{want['treatment_engaged']} of {due} releases of people with a treatment need"
    assert line in page and "national 41%" in page
    ended, mean_days = match_lengths(loader.plan, loader.matched)
    assert (s["matches"]["ended"], s["matches"]["mean_days_ended"]) == (ended, mean_days)
    assert mean_days is not None and mean_days > 7  # the story's weeks, not the load's minutes
    assert s["matches"]["made"] == sum(m.prison_code == "BAI" for m in loader.matched)
    assert s["family"]["on_time"] == want["followups_on_time"]
    assert s["family"]["late"] == 0
    assert s["family"]["cases_opened"] == want["family_cases"]
    assert s["placements"]["started"] == want["placements_started"]
    assert s["placements"]["started_on_rotl"] == want["placements_on_rotl"]
    assert s["placements"]["referrals_by_trigger"]["release"] == want["release_referrals"]
    assert s["open_conditions"]["transfers"] == want["open_conditions"]
    assert s["open_conditions"]["on_rotl"] == want["open_conditions_on_rotl"]
    assert time.monotonic() - began < 240
