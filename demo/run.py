"""`make demo`: load a synthetic programme for HMP Belmarsh into the running stack.

Starts the platform as `make up` does when it is not running already (and keeps it running
after the load; Ctrl-C stops what this started). Environment: DEMO_SEED (2012), DEMO_SCALE
(1.0), LOCAL_PORT_BASE (8001), KAFKA_BOOTSTRAP_SERVERS or LOCAL_BROKER_PORT (9092),
PATHWAYS_VAR_DIR (var)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])  # the repo root, not demo/

from demo import stack  # noqa: E402
from demo.client import Api  # noqa: E402
from demo.feed import Feed  # noqa: E402
from demo.loader import Loader  # noqa: E402
from demo.report import report  # noqa: E402
from demo.scenario import build_plan  # noqa: E402
from demo.today import play_today  # noqa: E402

ROLES = ["intake", "mentoring", "family", "placements", "reporting:all"]
# The programme's staff work at the demo prison and where its people are transferred to.
CASELOADS = ["BAI", "WWI"]


async def load(base: int, bootstrap: str, var_dir: Path, seed: int, scale: float) -> Loader:
    """Build the plan and play it; returns the loader (its counts and refusals)."""
    plan = build_plan(seed, scale)
    api = Api(base, stack.token(var_dir, ROLES, CASELOADS))
    try:
        async with Feed(bootstrap) as feed:
            loader = Loader(api, feed, plan)
            await loader.load_history()
            await play_today(loader)
            await loader.settle()
        return loader
    finally:
        await api.close()


def dashboard_url(base: int, var_dir: Path) -> str:
    token = stack.token(var_dir, ["reporting:all"])
    return f"http://127.0.0.1:{base + 4}/outcomes/login?token={token}"


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop, like Ctrl-C
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background
    base = int(os.environ.get("LOCAL_PORT_BASE", "8001"))
    var_dir = Path(os.environ.get("PATHWAYS_VAR_DIR", stack.ROOT / "var")).resolve()
    bootstrap = os.environ.get(
        "KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{os.environ.get('LOCAL_BROKER_PORT', '9092')}"
    )
    started = None
    if not stack.running(base):
        print("[demo] starting the platform (as make up)…", flush=True)
        started = stack.start(dict(os.environ))
    try:
        seed, scale = (
            int(os.environ.get("DEMO_SEED", "2012")),
            float(os.environ.get("DEMO_SCALE", "1")),
        )
        print(f"[demo] loading seed {seed}, scale {scale}…", flush=True)
        loader = asyncio.run(load(base, bootstrap, var_dir, seed, scale))
        print(report(loader.done, loader.refused, dashboard_url(base, var_dir)), flush=True)
        if started is not None:
            print("[demo] the platform keeps running; Ctrl-C stops it", flush=True)
            started.wait()
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        if started is not None:
            stack.stop(started)


if __name__ == "__main__":
    sys.exit(main())
