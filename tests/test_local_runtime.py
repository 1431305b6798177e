"""`make up`: the local broker and every service process come up ready; Ctrl-C stops all."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pathways.testing.local_broker import free_port, port_open

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes", "web")


def _installed(name: str) -> bool:
    """The service's package and its app module are installed."""
    if importlib.util.find_spec(f"pathways.{name}") is None:
        return False
    return importlib.util.find_spec(f"pathways.{name}.app") is not None


def test_local_runtime_starts_everything_ready_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    broker_port, base = free_port(), 18401
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(
        LOCAL_BROKER_PORT=str(broker_port),
        LOCAL_PORT_BASE=str(base),
        PATHWAYS_VAR_DIR=str(tmp_path),
        LOG_FORMAT="json",
    )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy/local/run.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "PATHWAYS READY" in line or process.poll() is not None:
                break
        assert any("PATHWAYS READY" in line for line in lines), "".join(lines[-40:])
        expected = [s for s in SERVICES if _installed(s)]
        assert {"intake", "mentoring", "family", "placements"} <= set(expected)
        for index, name in enumerate(SERVICES):
            if name in expected:
                url = f"http://127.0.0.1:{base + index}/health/ready"
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert json.load(response)["status"] == "ready", name
        records = [json.loads(line) for line in lines if line.strip()]  # LOG_FORMAT=json
        assert {r["service"] for r in records} >= {*expected, "make-up"}
        process.send_signal(signal.SIGINT)
        process.wait(30)
        assert process.returncode == 0
        assert not port_open("127.0.0.1", broker_port)
        for index, name in enumerate(SERVICES):
            assert not port_open("127.0.0.1", base + index), name
    finally:
        if process.poll() is None:  # a failed check: stop it the way Ctrl-C does, then force
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_local_runtime_restarts_a_killed_service_and_stops_when_the_broker_dies(
    tmp_path: Path,
) -> None:
    broker_port, base = free_port(), 18421
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(
        LOCAL_BROKER_PORT=str(broker_port),
        LOCAL_PORT_BASE=str(base),
        PATHWAYS_VAR_DIR=str(tmp_path),
        LOG_FORMAT="json",
    )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy/local/run.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []

    def read_until(text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if text in line:
                return line
            if not line and process.poll() is not None:
                break
        raise AssertionError(f"no {text!r} in the output:\n{''.join(lines[-40:])}")

    def pid_of(event: str, **fields: str) -> int:
        """The pid a `make_up.*` line gives (LOG_FORMAT=json: every line is one object)."""
        for line in lines:
            record = json.loads(line) if line.startswith("{") else {}
            if record.get("event") == event and fields.items() <= record.items():
                return int(record["pid"])
        raise AssertionError(f"no {event} {fields} line")

    try:
        read_until("PATHWAYS READY")
        intake = pid_of("make_up.service_ready", process="intake")
        os.killpg(intake, signal.SIGKILL)
        assert "intake exited with code -9; restart 1" in read_until("intake exited with code")
        read_until("intake restarted")
        url = f"http://127.0.0.1:{base}/health/ready"

        def intake_ready() -> bool:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    return json.load(response)["status"] == "ready"
            except OSError:
                return False

        deadline = time.monotonic() + 60
        while not intake_ready():
            assert time.monotonic() < deadline, "intake did not come back ready"
            time.sleep(0.5)

        os.kill(pid_of("make_up.broker_started"), signal.SIGKILL)
        read_until("the broker died")
        process.wait(30)
        assert process.returncode == 1
        for index, name in enumerate(SERVICES):
            assert not port_open("127.0.0.1", base + index), name
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
