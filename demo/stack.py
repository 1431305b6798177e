"""Finding the platform, or starting it as `make up` does (deploy/local/run.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pathways.platform.devtoken import issue_token
from pathways.platform.security import load_or_create_dev_key
from pathways.platform.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
CORE = ("intake", "mentoring", "family", "placements")


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


def running(base: int) -> bool:
    return all(ready(base + i) for i in range(len(CORE)))


def start(env: dict[str, str], timeout: float = 180.0) -> subprocess.Popen[str]:
    """Start deploy/local/run.py (its own process group) and wait for PATHWAYS READY.
    Mentoring runs in proposal mode unless `MATCHING_MODE` says otherwise.

    The development key is made first: on a fresh var dir every service would otherwise make
    its own at the same moment, and a token would then be refused by all but one of them."""
    var_dir = Path(env.get("PATHWAYS_VAR_DIR", ROOT / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    # proposals approved after the fact: matches dated in the story (demo/matching.py)
    env = {"MATCHING_MODE": "proposal", **env}
    load_or_create_dev_key(str(var_dir / "dev-jwt-key.pem"))
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy/local/run.py")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline, tail = time.monotonic() + timeout, []
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        tail = [*tail[-40:], line]
        if "PATHWAYS READY" in line:
            _drain(process)
            return process
        if not line and process.poll() is not None:
            break
    stop(process)
    raise RuntimeError("the platform did not start:\n" + "".join(tail))


def _drain(process: subprocess.Popen[str]) -> None:
    """Keep reading the services' logs so their pipe never fills (written to var/demo.log)."""
    import threading

    log = Path(os.environ.get("PATHWAYS_VAR_DIR", ROOT / "var")) / "demo-platform.log"

    def pump() -> None:
        with open(log, "a") as out:
            for line in process.stdout or ():
                out.write(line)

    threading.Thread(target=pump, daemon=True).start()


def stop(process: subprocess.Popen[str]) -> None:
    """Ctrl-C for run.py (it stops the services and the broker), then SIGKILL if need be."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def token(var_dir: Path, roles: list[str], caseloads: list[str] | None = None) -> str:
    settings = ServiceSettings(auth_dev_key_file=str(var_dir / "dev-jwt-key.pem"))
    return issue_token(roles, caseloads=caseloads or [], settings=settings)
