"""Every service's app in-process with no broker (the documents need none)."""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path
from typing import Any

import httpx

from pathways.testing.service import offline_settings

SERVICES = ["intake", "mentoring", "family", "placements", "outcomes"]
WORKDIR = Path(tempfile.mkdtemp(prefix="pathways-docs-"))


def service_app(service: str) -> Any:
    settings = offline_settings(
        importlib.import_module(f"pathways.{service}.settings").Settings,
        f"sqlite+aiosqlite:///{WORKDIR / service}.db", str(WORKDIR / "dev-key.pem"),
        log_level="warning",
    )  # fmt: skip
    return importlib.import_module(f"pathways.{service}.app").create_app(settings)


def client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://docs.test")
