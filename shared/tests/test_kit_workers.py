"""More than one worker per service on PostgreSQL: HTTP_WORKERS processes share the socket
and each starts the whole service, so migrations run under an advisory lock (one migrator at
a time; the others find nothing to do); SQLite always gets one process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from pathways.platform.db import create_engine
from pathways.platform.migrations import upgrade_once
from pathways.platform.serve import worker_count
from pathways.testing.local_broker import free_port

ROOT = Path(__file__).resolve().parents[2]
INTAKE_MIGRATIONS = ROOT / "services/intake/src/pathways/intake/migrations"


def test_workers_only_on_postgresql() -> None:
    pg = "postgresql+asyncpg://db/x"
    assert worker_count({"HTTP_WORKERS": "3", "DATABASE_URL": pg}) == 3
    assert worker_count({"HTTP_WORKERS": "3", "DATABASE_URL": "sqlite+aiosqlite:///x.db"}) == 1
    assert worker_count({"HTTP_WORKERS": "3"}) == 1  # the SQLite default
    assert worker_count({}) == 1


async def test_migrations_started_together_run_once(postgres_url: str) -> None:
    engines = [create_engine(postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade_once(e, postgres_url, INTAKE_MIGRATIONS) for e in engines))
        async with engines[0].connect() as connection:
            versions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
        assert len(versions) == 1
    finally:
        for engine in engines:
            await engine.dispose()


def test_a_service_serves_with_two_workers_and_stops(postgres_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": postgres_url,
        "HTTP_WORKERS": "2",
        "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9",
        "AUTH_DEV_KEY_FILE": str(tmp_path / "key.pem"),
        "LOG_FORMAT": "json",
    }
    command = [sys.executable, "-m", "pathways.platform.serve", "intake", "--port", str(port)]
    with open(tmp_path / "intake.log", "wb") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline, answered = time.monotonic() + 120, 0  # two cold starts on a busy machine
        while answered < 20 and time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=2)
                answered += response.status_code == 200
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answered == 20, (tmp_path / "intake.log").read_text()[-3000:]
        workers = [line for line in (tmp_path / "intake.log").read_text().splitlines()]
        assert any('"server.workers"' in line for line in workers)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
