"""Helpers of the browser tests: the web app as a process beside the platform, signing in on
the development page, the axe check and the optional screenshots."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from e2e_platform import Platform, ServiceProcess, wait_ready

from pathways.testing.ids import unique_prison_number
from pathways.testing.local_broker import free_port

SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
AXE = Axe()
SHOTS = os.environ.get("PATHWAYS_SCREENSHOTS")


@dataclass
class WebApp:
    url: str
    process: ServiceProcess


@contextlib.contextmanager
def start_web(platform: Platform, workdir: Path) -> Iterator[WebApp]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "AUTH_"))}
    env.update({f"{name.upper()}_URL": platform.url(name) for name in SERVICES})
    env.update(
        AUTH_DEV_KEY_FILE=str(platform.key_file),
        SESSION_SECRET=uuid.uuid4().hex,
        LOG_FORMAT="json",
    )
    process = ServiceProcess("web", free_port(), env, workdir / "web.log")
    process.start()
    try:
        wait_ready([process])
        yield WebApp(process.url, process)
    finally:
        process.stop()


def prison_number() -> str:
    """A fresh NOMS number (letter, four digits, two letters), never twice in a run."""
    return unique_prison_number()


def accessible(page, name: str = "") -> None:
    """No serious or critical axe violation on the page as it is now; a screenshot when
    PATHWAYS_SCREENSHOTS names a folder."""
    results = AXE.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
    assert not bad, f"axe on {page.url}:\n{report}"
    if SHOTS and name:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"web-{name}.png"), full_page=True)


def sign_in(page, web: WebApp, user: str, roles: list[str], caseload: str) -> None:
    page.goto(f"{web.url}/sign-in")
    accessible(page, "sign-in")
    page.get_by_label("Username").fill(user)
    for role in roles:
        page.locator(f'input[name="roles"][value="{role}"]').check()
    page.get_by_label("Caseload (prison codes)").fill(caseload)
    page.get_by_role("button", name="Sign in").click()
