"""`make up` (deploy/local/run.py) as the README walkthroughs meet it: started on free ports
with LOG_FORMAT=json, every output line kept, stopped the way Ctrl-C stops it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pathways.testing.local_broker import free_port, port_open

ROOT = Path(__file__).resolve().parents[2]


def free_port_run(count: int) -> int:
    """The first of `count` consecutive ports nobody listens on (make up's LOCAL_PORT_BASE),
    below the kernel's ephemeral range (32768+), so no outgoing connection takes one."""
    for _ in range(200):
        base = random.randrange(20000, 32000 - count)
        if not any(port_open("127.0.0.1", base + i) for i in range(count)):
            return base
    raise RuntimeError("no run of free ports")


@dataclass
class PlatformRun:
    process: subprocess.Popen[str]
    var: Path
    base: int
    broker_port: int
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)

    def pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if "PATHWAYS READY" in line:
                self.ready.set()

    def shell_env(self) -> dict[str, str]:
        """What a developer's second terminal has after `make up`: its ports and its key."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")}
        env.update(
            LOCAL_PORT_BASE=str(self.base),
            AUTH_DEV_KEY_FILE=str(self.var / "dev-jwt-key.pem"),
        )
        return env

    def service_env(self, name: str, workdir: Path) -> dict[str, str]:
        """One more process of service `name` on this platform's broker, its own database."""
        return {
            **self.shell_env(),
            "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.broker_port}",
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / name}.db",
            "KAFKA_TOPIC_PARTITIONS": "3",
            "LOG_FORMAT": "json",
        }

    def stop(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        time.sleep(0.2)  # the pump reads what is left
        return self.process.returncode

    def tail(self, count: int = 40) -> str:
        """The warnings and errors, then the last `count` lines."""
        marks = ('"level": "error"', '"level": "warning"', "exited")
        alarms = [line for line in self.lines if any(m in line for m in marks)]
        return "\n".join([*alarms[-40:], "--- last lines:", *self.lines[-count:]])


def start_platform(var: Path, base: int, timeout: float = 300) -> PlatformRun:
    broker_port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update(
        LOCAL_BROKER_PORT=str(broker_port),
        LOCAL_PORT_BASE=str(base),
        PATHWAYS_VAR_DIR=str(var),
        LOG_FORMAT="json",
    )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy/local/run.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    running = PlatformRun(process, var, base, broker_port)
    threading.Thread(target=running.pump, daemon=True).start()
    if not running.ready.wait(timeout):
        running.stop()
        raise RuntimeError(f"make up did not get ready:\n{running.tail()}")
    return running
