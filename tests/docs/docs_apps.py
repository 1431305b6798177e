"""Every service's app in-process with no broker (the documents need none)."""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path
from typing import Any

import httpx

SERVICES = ["intake", "mentoring", "family", "placements", "outcomes"]
WORKDIR = Path(tempfile.mkdtemp(prefix="pathways-docs-"))


def service_app(service: str) -> Any:
    settings = importlib.import_module(f"pathways.{service}.settings").Settings(
        database_url=f"sqlite+aiosqlite:///{WORKDIR / service}.db",
        kafka_bootstrap_servers="127.0.0.1:9",
        auth_dev_key_file=str(WORKDIR / "dev-key.pem"),
        log_level="warning",
    )
    return importlib.import_module(f"pathways.{service}.app").create_app(settings)


def client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://docs.test")
