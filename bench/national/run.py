"""`make bench-national SEED=1 SCALE=0.01`: a year of the national estate replayed through
the whole platform (broker + every service as its own process, on SQLite as `make up` runs
them), checked against the generator's own count, timed beside the raw broker rate measured
in the same run (aiokafka producing and consuming as many messages on the same broker)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
TESTS = BENCH.parent / "tests"
sys.path[:0] = [str(BENCH), str(TESTS / "e2e"), str(TESTS / "estate")]

from aiokafka import AIOKafkaProducer  # noqa: E402
from e2e_platform import SERVICES, run_async  # noqa: E402
from estate_platform import estate_platform  # noqa: E402
from kit_throughput import raw_rate  # noqa: E402
from national.check import check  # noqa: E402
from national.generator import Estate, generate  # noqa: E402
from national.replay import STAFF, Replay, feed_message  # noqa: E402

from pathways.messaging.topics import ensure_topics  # noqa: E402

SQLITE = dict.fromkeys(SERVICES, "sqlite")
RAW_TOPIC = "bench.national.raw"


async def raw_broker_rate(platform_settings, bootstrap: str, estate: Estate) -> float:
    """Produce the year's messages (the same bytes) to a topic of its own and read them back
    with a plain aiokafka consumer: messages per second for both."""
    await ensure_topics(platform_settings, [RAW_TOPIC], partitions=3)
    moves = estate.year()
    started = time.perf_counter()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    futures = [
        await producer.send(RAW_TOPIC, feed_message(p, m), key=p.noms.encode()) for p, m in moves
    ]
    await asyncio.gather(*futures)
    await producer.stop()
    produced = time.perf_counter() - started
    consume_rate = await raw_rate(bootstrap, RAW_TOPIC, len(moves))
    return len(moves) / (produced + len(moves) / consume_rate)


def national(seed: int, scale: float, workdir: Path) -> tuple[Replay, list[str], float, float]:
    """Replay and check one estate; returns the replay, problems, wall time, raw rate."""
    estate = generate(seed, scale)
    with estate_platform(workdir, SQLITE) as platform:
        raw = run_async(raw_broker_rate(platform.settings, platform.bootstrap, estate))
        replay = Replay(platform, estate)
        started = time.perf_counter()
        replay.run()
        wall = time.perf_counter() - started
        problems = check(replay)
    return replay, problems, wall, raw


def report(replay: Replay, problems: list[str], wall: float, raw: float) -> str:
    estate = replay.estate
    releases = sum(len(p.releases) for p in estate.people)
    lines = [
        f"national estate, seed {estate.seed}, scale {estate.scale}: "
        f"{len(estate.prisons)} prisons, "
        f"{len(estate.people):,} people, {estate.movements:,} movements, {releases:,} releases",
        f"raw broker (aiokafka produce + consume, same broker, same run): {raw:,.0f} messages/s",
        f"staff calls in flight at once: {STAFF} (NATIONAL_STAFF)",
    ]
    for stage in replay.stages:
        ratio = (
            f"  {stage.items / stage.seconds / raw:7.2%} of raw"
            if stage.unit == "movements"
            else ""
        )
        lines.append("  " + stage.line() + ratio)
    lines.append(
        f"wall time {wall:,.1f} s ({estate.movements / wall:,.1f} movements/s overall, "
        f"{estate.movements / wall / raw:.2%} of raw); "
        + ("every check passed" if not problems else f"{len(problems)} problem(s):")
    )
    return "\n".join(lines + [f"  {p}" for p in problems[:40]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # leave through the clean-up
    with tempfile.TemporaryDirectory(prefix="national-") as workdir:
        result = national(args.seed, args.scale, Path(workdir))
    print(report(*result), flush=True)
    return 1 if result[1] else 0


if __name__ == "__main__":
    raise SystemExit(main())
