"""Browser tests on the real platform: the broker, the five services and the web app as
processes (tests/e2e/e2e_platform.py), driven by Playwright in Debian's Chromium (never a
downloaded browser), with axe accessibility checks on every page.

PATHWAYS_SCREENSHOTS=docs makes the journeys save docs/web-*.png (`make screenshots`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_kit import WebApp, start_web
from e2e_platform import Platform, running_platform

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def _proposal_mode() -> Iterator[None]:
    """The coordinator approves proposals: mentoring starts in MATCHING_MODE=proposal (the
    services copy the environment when they start; it is put back at once)."""
    before = os.environ.get("MATCHING_MODE")
    os.environ["MATCHING_MODE"] = "proposal"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MATCHING_MODE", None)
        else:
            os.environ["MATCHING_MODE"] = before


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make install installs it as root)")
    workdir = tmp_path_factory.mktemp("browser")
    with _proposal_mode(), running_platform("sqlite", workdir) as running:
        yield running


@pytest.fixture(scope="module")
def web(platform: Platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    workdir = tmp_path_factory.mktemp("web")
    with start_web(platform, workdir) as app:
        yield app


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # one fresh browser context (cookies) per test
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
