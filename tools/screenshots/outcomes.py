"""README screenshots of the outcomes pages after a demo load (issue 16): the dashboard's
month-by-month trends and prison comparison, and a continuity-of-care drill-down page.

`.venv/bin/python tools/screenshots/outcomes.py [SCALE]` starts a platform of its own (free
ports, a temporary var dir), loads the demo, signs a headless chromium in and writes
docs/outcomes-trends.png and docs/outcomes-drill-down.png, then stops what it started."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from demo import stack  # noqa: E402
from demo.run import load  # noqa: E402
from pathways.testing.local_broker import free_port  # noqa: E402


def shoot(base: int, var: Path) -> None:
    token = stack.token(var, ["reporting:all"])
    url = f"http://127.0.0.1:{base + 4}"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{url}/outcomes/login?token={token}")
        page.goto(f"{url}/outcomes?prison_code=BAI")
        page.locator("section", has_text="Month by month").screenshot(
            path=str(ROOT / "docs/outcomes-trends.png")
        )
        page.locator("section", has_text="Continuity of care").first.screenshot(
            path=str(ROOT / "docs/outcomes-continuity.png")
        )
        page.goto(f"{url}/outcomes/continuity?prison_code=BAI&status=not_engaged")
        page.screenshot(path=str(ROOT / "docs/outcomes-drill-down.png"), full_page=True)
        browser.close()


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
    var, broker, base = Path(tempfile.mkdtemp(prefix="pathways-shots-")), free_port(), 18900
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(LOCAL_BROKER_PORT=str(broker), LOCAL_PORT_BASE=str(base),
               PATHWAYS_VAR_DIR=str(var), LOG_FORMAT="json")  # fmt: skip
    process = stack.start(env)
    try:
        loader = asyncio.run(load(base, f"127.0.0.1:{broker}", var, seed=2012, scale=scale))
        print("refused:", loader.refused)
        shoot(base, var)
    finally:
        stack.stop(process)


if __name__ == "__main__":
    main()
