"""The READMEs' walkthroughs run as written against a real `make up` (issue 17.4), and that
platform's every output line is one JSON object with LOG_FORMAT=json (17.5). Also: a service
started on a taken port exits at once with one line, and every service stops within seconds
of SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from platform_run import PlatformRun, free_port_run, start_platform
from walkthroughs import READMES, ROOT, blocks, run

from pathways.testing.local_broker import free_port

pytestmark = pytest.mark.broker
SERVICES = ("intake", "mentoring", "family", "placements", "outcomes", "web")
STOP_BOUND_S = 10.0  # a behaviour bound ("within a few seconds"), not a benchmark


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformRun]:
    running = start_platform(tmp_path_factory.mktemp("walkthroughs"), free_port_run(6))
    yield running
    running.stop()


@pytest.mark.parametrize("readme", READMES)
def test_the_walkthrough_runs_as_written(platform: PlatformRun, readme: str) -> None:
    path = ROOT / readme
    assert blocks(path), f"{readme} has no ```bash walkthrough block"
    result = run(path, platform.shell_env())
    assert result.returncode == 0, (
        f"{readme}: exit {result.returncode}\n--- stdout (tail)\n{result.stdout[-3000:]}"
        f"\n--- stderr\n{result.stderr[-3000:]}"
    )


def _serve(name: str, port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", f"pathways.{name}", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_on_a_taken_port_exits_at_once_with_one_line(
    platform: PlatformRun, name: str, tmp_path: Path
) -> None:
    taken = platform.base  # intake of the running platform listens there
    env = platform.service_env(name, tmp_path)
    started = time.monotonic()
    process = _serve(name, taken, env)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, (stdout, stderr)
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line["event"] for line in lines] == ["server.port_taken"], stdout
    assert lines[0]["port"] == taken and lines[0]["level"] == "error"
    assert stderr == ""
    assert time.monotonic() - started < 30  # an interpreter start and imports, nothing more


def test_every_service_stops_within_seconds_of_sigterm(
    platform: PlatformRun, tmp_path: Path
) -> None:
    processes = {}
    ports = {name: free_port() for name in SERVICES}
    for name in SERVICES:
        processes[name] = _serve(name, ports[name], platform.service_env(name, tmp_path))
    try:
        deadline = time.monotonic() + 420  # six processes starting at once on a loaded machine
        waiting = set(SERVICES)
        while waiting:
            for name in sorted(waiting):
                assert processes[name].poll() is None, processes[name].communicate()
                try:
                    url = f"http://127.0.0.1:{ports[name]}/health/live"
                    with urllib.request.urlopen(url, timeout=2):
                        waiting.discard(name)
                except OSError:
                    pass
            assert time.monotonic() < deadline, f"not live: {waiting}"
            time.sleep(0.5)
        time.sleep(2)  # broker clients connected, subscribers joining
        for name, process in processes.items():
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            stdout, stderr = process.communicate(timeout=60)
            took = time.monotonic() - started
            assert took < STOP_BOUND_S, f"{name} took {took:.1f}s to stop"
            assert process.returncode in (0, -signal.SIGTERM), (name, stderr[-2000:])
            events = [json.loads(line)["event"] for line in stdout.splitlines()]
            assert "service.stopped" in events or name == "web", (name, events[-10:])
            assert stderr == "", (name, stderr[-2000:])
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()


def test_every_line_of_the_platform_is_json(platform: PlatformRun) -> None:
    """Run last (file order): the walkthroughs above drove requests and events through every
    service. Stopping it (as Ctrl-C does) adds the shutdown lines; none may be plain text."""
    code = platform.stop()
    assert code == 0, platform.tail()
    assert len(platform.lines) > 100
    bad = []
    for line in platform.lines:
        try:
            record = json.loads(line)
        except ValueError:
            bad.append(line)
            continue
        if (
            not (isinstance(record, dict) and {"event", "level", "service"} <= record.keys())
            or "\x1b[" in line
        ):
            bad.append(line)
    assert not bad, "not JSON log lines:\n" + "\n".join(bad[:20])
    services = {json.loads(line)["service"] for line in platform.lines}
    assert set(SERVICES) | {"make-up"} <= services
