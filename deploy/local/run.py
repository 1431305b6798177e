"""The embedded default: the local broker, the topics, and every service on its port, each
with its own SQLite file under var/. Logs are streamed with the service name on each line;
a service that dies is restarted with a backoff, and if the broker dies everything stops
(supervisor.py); Ctrl-C stops everything.

    make up                       # or: .venv/bin/python deploy/local/run.py
Environment: KAFKA_BOOTSTRAP_SERVERS (use that broker instead of starting Tansu),
LOCAL_BROKER_PORT (9092), LOCAL_PORT_BASE (8001: intake there, then mentoring, family,
placements, outcomes, web), PATHWAYS_VAR_DIR (var), LOG_FORMAT (console here by default;
json: every line printed is one JSON object, the services' own lines passed through as they
are, with their `service` field, and this script's lines as `make_up.*` events).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import sys
import urllib.request
from pathlib import Path

from pathways.messaging.topics import ensure_topics, platform_topics
from pathways.platform.devtoken import issue_token
from pathways.platform.logging import configure_logging
from pathways.platform.security import NATIONAL, ROLES, load_or_create_dev_key
from pathways.platform.settings import ServiceSettings
from pathways.testing.local_broker import port_open, start_tansu, stop

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supervisor import Supervised, json_logs, log_format, say, supervise

SERVICES = ("intake", "mentoring", "family", "placements", "outcomes", "web")  # web: 8006
ROOT = Path(__file__).resolve().parents[2]


def _installed(name: str) -> bool:
    """The service's package and its app module are installed."""
    if importlib.util.find_spec(f"pathways.{name}") is None:
        return False
    return importlib.util.find_spec(f"pathways.{name}.app") is not None


_say = say


async def _stream(name: str, stream: asyncio.StreamReader) -> None:
    """A service's lines: as they are in JSON mode (each names its service), else prefixed."""
    width = max(len(s) for s in SERVICES)
    raw = json_logs()
    while line := await stream.readline():
        text = line.decode(errors="replace").rstrip()
        print(text if raw else f"{name:<{width}} | {text}", flush=True)


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


async def _wait_ready(name: str, port: int, process: asyncio.subprocess.Process) -> bool:
    for _ in range(240):
        if process.returncode is not None:
            _say(f"{name} exited with code {process.returncode}")
            return False
        if await asyncio.to_thread(_ready, port):
            return True
        await asyncio.sleep(0.5)
    return False


def _var_dir() -> Path:
    var = Path(os.environ.get("PATHWAYS_VAR_DIR", ROOT / "var")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    return var


async def main() -> int:
    # This script's own library lines (topics.ready…) in the same format as the services'.
    configure_logging("make-up", os.environ.get("LOG_LEVEL", "info"), log_format())
    var = _var_dir()
    key_file = var / "dev-jwt-key.pem"
    load_or_create_dev_key(str(key_file))  # one key, before the services start
    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        port = int(os.environ.get("LOCAL_BROKER_PORT", "9092"))
        if port_open("127.0.0.1", port):
            _say(f"port {port} is taken: stop what runs there or set KAFKA_BOOTSTRAP_SERVERS")
            return 1
        broker = start_tansu(port, var / "broker.log")
        bootstrap = f"127.0.0.1:{port}"
        _say(
            f"local broker (Tansu, memory storage, pid {broker.pid}) on {bootstrap}",
            "make_up.broker_started",
            pid=broker.pid,
            bootstrap=bootstrap,
        )
        broker_log = str(var / "broker.log")
        _say(f"broker log in {broker_log}", "make_up.broker_log", path=broker_log)
    settings = ServiceSettings(kafka_bootstrap_servers=bootstrap, auth_dev_key_file=str(key_file))
    await ensure_topics(settings, platform_topics(), partitions=3)

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    base = int(os.environ.get("LOCAL_PORT_BASE", "8001"))
    taken = [base + i for i in range(len(SERVICES)) if port_open("127.0.0.1", base + i)]
    if taken:
        _say(f"ports {taken} are taken: stop what runs there or set LOCAL_PORT_BASE")
        if broker is not None:
            stop(broker)
        return 1
    processes: dict[str, tuple[int, asyncio.subprocess.Process]] = {}
    envs: dict[str, dict[str, str]] = {}
    streams = []

    async def spawn(name: str) -> asyncio.subprocess.Process:
        port = processes[name][0] if name in processes else base + SERVICES.index(name)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "pathways.platform.serve",  # binds first: a taken port is one line and exit 2
            name,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            env=envs[name],
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        processes[name] = (port, process)
        assert process.stdout is not None
        streams.append(asyncio.create_task(_stream(name, process.stdout)))
        return process

    try:
        for name in SERVICES:
            if not _installed(name):
                continue
            envs[name] = {
                **os.environ,
                "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                "DATABASE_URL": os.environ.get(
                    f"{name.upper()}_DATABASE_URL", f"sqlite+aiosqlite:///{var / name}.db"
                ),
                "AUTH_DEV_KEY_FILE": str(key_file),
                "KAFKA_TOPIC_PARTITIONS": "3",  # as created above, should a service recreate
                **{
                    f"{s.upper()}_URL": f"http://127.0.0.1:{base + i}"
                    for i, s in enumerate(SERVICES)
                },
                "LOG_FORMAT": log_format(),
            }
            await spawn(name)

        ready = asyncio.ensure_future(
            asyncio.gather(*(_wait_ready(n, p, proc) for n, (p, proc) in processes.items()))
        )
        stopped = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({ready, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if stopped.done():
            ready.cancel()
            return 130
        if not all(ready.result()):
            _say("not every service became ready; stopping")
            return 1
        token = issue_token(sorted(f"{role}{NATIONAL}" for role in ROLES), settings=settings)
        _say("all services ready:", "make_up.ready_services")
        for name, (port, process) in processes.items():
            _say(
                f"  {name:<11} http://127.0.0.1:{port}   (docs /docs, events /asyncapi)"
                f"   pid {process.pid}",
                "make_up.service_ready",
                process=name,
                url=f"http://127.0.0.1:{port}",
                pid=process.pid,
            )
        if not json_logs():  # a token is no log field: JSON logs are shipped and kept
            _say(f"development token (every role, national scope, 12 h):\n{token}")
        _say("export TOKEN=$(make token ROLES=intake CASELOADS=BAI) for one team at one prison")
        if json_logs():
            _say("PATHWAYS READY", "make_up.ready")
        else:
            print("PATHWAYS READY", flush=True)
        watched = {name: Supervised(name, process) for name, (_, process) in processes.items()}
        return await supervise(watched, spawn, broker, stopping)
    finally:
        _say("stopping…", "make_up.stopping")
        for _, process in processes.values():
            if process.returncode is None:
                process.terminate()
        await asyncio.gather(*(p.wait() for _, p in processes.values()))
        for task in streams:
            task.cancel()
        if broker is not None:
            stop(broker)
        _say("stopped", "make_up.stopped")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
