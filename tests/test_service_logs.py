"""One service process with LOG_FORMAT=json while its broker goes away and comes back: one
`broker.lost` line, one `broker.back` line, aiokafka's repeats folded, and every line of its
output JSON (issue 17.5)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from pathways.messaging.topics import ensure_topics, platform_topics
from pathways.platform.settings import ServiceSettings
from pathways.testing.local_broker import free_port, start_tansu, stop

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[1]


def _wait(lines: list[str], event: str, timeout: float, **fields: object) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(lines):
            record = json.loads(line)
            if record["event"] == event and all(record.get(k) == v for k, v in fields.items()):
                return record
        time.sleep(0.5)
    raise AssertionError(f"no {event} within {timeout}s:\n" + "\n".join(lines[-30:]))


def test_a_lost_broker_is_one_line_and_its_return_another(tmp_path: Path) -> None:
    broker_port, port = free_port(), free_port()
    broker = start_tansu(broker_port, tmp_path / "broker.log")
    settings = ServiceSettings(kafka_bootstrap_servers=f"127.0.0.1:{broker_port}")
    asyncio.run(ensure_topics(settings, platform_topics(), partitions=1))  # as make up does
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")},
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{broker_port}",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}",
        "AUTH_DEV_KEY_FILE": str(tmp_path / "key.pem"),
        "BROKER_CHECK_SECONDS": "1",
        "KAFKA_TOPIC_PARTITIONS": "1",
        "LOG_FORMAT": "json",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "pathways.intake", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    try:
        _wait(lines, "broker.connected", 180)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=5):
            pass
        time.sleep(3)  # the recovery watch has looked at least once
        broker.kill()
        broker.wait(10)
        lost = _wait(lines, "broker.lost", 60, reason=None)
        assert lost["level"] == "error" and lost["error"]
        time.sleep(15)  # gone for a while: still the one line
        broker = start_tansu(broker_port, tmp_path / "broker.log")
        back = _wait(lines, "broker.back", 60)
        assert back["down_s"] >= 10
        records = [json.loads(line) for line in lines]  # every line is JSON
        unreachable = [
            r for r in records if r["event"] == "broker.lost" and r.get("reason") is None
        ]
        assert len(unreachable) == 1, unreachable
        assert sum(r["event"] == "broker.back" for r in records) == 1
        aiokafka = [r for r in records if r.get("logger", "").startswith("aiokafka")]
        assert len(aiokafka) < 15, aiokafka  # folded: one per message template a minute
        assert not [r for r in records if r["event"] == "database.lost"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        stop(broker)
    for line in lines:
        assert isinstance(json.loads(line), dict), line
