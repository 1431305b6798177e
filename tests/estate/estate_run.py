"""One run of the estate model: generate, predict, drive the real platform, compare.

`python tests/estate/estate_run.py --seed 7 --people 10000` is `make soak`."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "e2e")]

from estate_compare import Mismatch, compare, report  # noqa: E402
from estate_driver import Driver  # noqa: E402
from estate_journeys import Estate, generate  # noqa: E402
from estate_model import EstateModel, run_model  # noqa: E402
from estate_platform import MIXED, estate_platform  # noqa: E402


@dataclass
class Result:
    estate: Estate
    model: EstateModel
    mismatches: list[Mismatch]
    seconds: float

    def summary(self) -> str:
        steps = self.estate.steps
        calls = sum(1 for s in steps if s.message is None and s.called)
        return (
            f"seed {self.estate.seed}: {len(self.estate.people)} people, "
            f"{self.estate.feed_messages} feed messages, {calls} staff calls, "
            f"{len(self.mismatches)} mismatches, {self.seconds:.0f}s"
        )


def run_estate(seed: int, people: int, workdir: Path, databases: dict[str, str] = MIXED) -> Result:
    started = time.monotonic()
    estate = generate(seed, people)
    model = run_model(estate)
    with estate_platform(workdir, databases) as platform:
        driver = Driver(platform, estate)
        driver.run(quiet_timeout=120 + people / 10)
        mismatches = compare(model, driver, driver.read())
    return Result(estate, model, mismatches, time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    # Stopped from outside (or started in the background, where SIGINT is ignored): leave
    # through the platform's clean-up, which stops the services and drops their databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="estate-") as workdir:
        result = run_estate(args.seed, args.people, Path(workdir))
    print(result.summary())
    if result.mismatches:
        print(report(result.mismatches, result.model, limit=60))
    return 1 if result.mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
