"""README walkthroughs as scripts: every block fenced ```` ```bash walkthrough ```` in a README,
in order, run as one bash script (`set -euo pipefail`) against a running platform.

The convention: a walkthrough block is meant to be pasted into a terminal after `make up`,
top to bottom. It finds the services from LOCAL_PORT_BASE (default 8001), gets its token with
`make token`, captures the ids it creates in shell variables and computes its dates from
today, so it runs as written on any fresh platform. Other ```bash blocks (make up itself,
reference lines) are not run.

    .venv/bin/python tests/docs/walkthroughs.py services/family/README.md   # with make up on
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```bash walkthrough[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
READMES = (
    "README.md",
    "services/intake/README.md",
    "services/mentoring/README.md",
    "services/family/README.md",
    "services/placements/README.md",
    "services/outcomes/README.md",
    "services/web/README.md",
)


def blocks(readme: Path) -> list[str]:
    return FENCE.findall(readme.read_text())


def script(readme: Path) -> str:
    return "set -euo pipefail\n" + "\n".join(blocks(readme))


def run(readme: Path, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess:
    """Run the README's walkthrough with bash in the repository root (for `make token`)."""
    clean = {k: v for k, v in env.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["bash", "-c", script(readme)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


if __name__ == "__main__":
    result = run(Path(sys.argv[1]).resolve(), dict(os.environ))
    print(result.stdout, result.stderr, f"exit {result.returncode}", sep="\n")
    sys.exit(result.returncode)
