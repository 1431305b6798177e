"""`make up`'s supervisor: a service process that dies is started again (a log line, then a
backoff that doubles up to 30 s and resets once it has stayed up a minute); if the broker
`make up` started dies, everything stops with a clear message (its memory storage is gone,
so the platform must start afresh)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Spawn = Callable[[str], Awaitable[asyncio.subprocess.Process]]
STABLE_AFTER_S = 60.0
MAX_BACKOFF_S = 30.0


def log_format() -> str:
    """`make up` logs for a person at a terminal unless LOG_FORMAT says otherwise."""
    return os.environ.get("LOG_FORMAT") or "console"


def json_logs() -> bool:
    """LOG_FORMAT=json: every line `make up` prints is one JSON object (its own lines too)."""
    return log_format() == "json"


def say(line: str, event: str = "make_up.note", level: str = "info", **fields: object) -> None:
    if json_logs():
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        record = {"event": event, "message": line, **fields}
        record |= {"service": "make-up", "level": level, "timestamp": stamp}
        print(json.dumps(record), flush=True)
    else:
        print(f"[pathways] {line}", flush=True)


@dataclass
class Supervised:
    name: str
    process: asyncio.subprocess.Process
    started: float = field(default_factory=time.monotonic)
    restarts: int = 0
    backoff: float = 1.0
    restart_at: float | None = None  # set while dead, waiting out the backoff


async def supervise(
    services: dict[str, Supervised],
    spawn: Spawn,
    broker: subprocess.Popen[bytes] | None,
    stopping: asyncio.Event,
    poll_s: float = 0.5,
) -> int:
    """Watch until `stopping` is set (returns 0) or the broker dies (returns 1)."""
    while not stopping.is_set():
        if broker is not None and broker.poll() is not None:
            say(
                f"the broker died (exit code {broker.returncode}); its memory storage is "
                "gone: stopping every service. Run `make up` again to start afresh.",
                "make_up.broker_died",
                "error",
                exit_code=broker.returncode,
            )
            return 1
        for service in services.values():
            await _check(service, spawn)
        await _sleep_unless(stopping, poll_s)
    return 0


async def _check(service: Supervised, spawn: Spawn) -> None:
    now = time.monotonic()
    code = service.process.returncode
    if code is None:
        if now - service.started > STABLE_AFTER_S:
            service.backoff = 1.0
    elif service.restart_at is None:
        service.restarts += 1
        service.restart_at = now + service.backoff
        say(
            f"{service.name} exited with code {code}; restart {service.restarts} "
            f"in {service.backoff:.0f}s",
            "make_up.service_exited",
            "warning",
            process=service.name,
            exit_code=code,
        )
    elif now >= service.restart_at:
        service.process = await spawn(service.name)
        service.started, service.restart_at = now, None
        service.backoff = min(service.backoff * 2, MAX_BACKOFF_S)
        say(
            f"{service.name} restarted (pid {service.process.pid})",
            "make_up.service_restarted",
            process=service.name,
            pid=service.process.pid,
        )


async def _sleep_unless(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
