"""The release workflow end to end, through the platform as `make up` runs it (the broker and
every service as its own process, each on its own SQLite file): a feed release of a peer
mentor → mentoring's `match.ended`, family's three post-release `followup.scheduled` and
placements' `referral.created`, each read from the public topics with a plain aiokafka reader.

1. releases as fast as possible: BENCH_RELEASES (1,000) published at once, timed from the
   first publish to the last expected event, beside the four-process aiokafka relay chain
   (bench/relay_chain.py) moving as many messages on the same broker in the same run;
2. latency at a steady 50 releases/s for BENCH_STEADY_SECONDS (20): feed publish → the
   release's last family follow-up, p50/p99, beside the raw broker hop (relay_latency.py).

The cast (bench/release_cast.py) is set up first, not timed."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "estate")]

import relay_latency  # noqa: E402
from aiokafka import AIOKafkaProducer  # noqa: E402
from e2e_platform import run_async  # noqa: E402
from estate_platform import estate_platform  # noqa: E402
from national.run import SQLITE  # noqa: E402
from relay_chain import chain_rate  # noqa: E402
from release_cast import Cast, Pair, release_message  # noqa: E402
from release_watch import Watch  # noqa: E402
from table import ratio_of, record  # noqa: E402

from pathways.contracts import HMPPS_TOPIC  # noqa: E402

RELEASES = int(os.environ.get("BENCH_RELEASES", "1000"))
STEADY_SECONDS = float(os.environ.get("BENCH_STEADY_SECONDS", "20"))
RATE = 50.0  # releases a second in the latency run
TIMEOUT = float(os.environ.get("BENCH_RELEASE_TIMEOUT", "600"))


async def burst(bootstrap: str, pairs: list[Pair], timeout: float = TIMEOUT) -> tuple[float, Watch]:
    """Every release published at once; seconds from the first publish to the last effect."""
    watch = Watch(bootstrap, {p.mentor for p in pairs})
    await watch.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    started = time.perf_counter()
    for pair in pairs:
        watch.published[pair.mentor] = time.perf_counter()
        await producer.send(HMPPS_TOPIC, release_message(pair.mentor_noms, pair.prison),
                            key=pair.mentor_noms.encode())  # fmt: skip
    await producer.flush()
    await watch.all_done(timeout)
    elapsed = max(watch.done_at.values()) - started
    await producer.stop()
    await watch.stop()
    return elapsed, watch


async def steady(bootstrap: str, pairs: list[Pair], timeout: float = TIMEOUT) -> Watch:
    """One release every 1/RATE s (on a fixed schedule, not after the previous send)."""
    watch = Watch(bootstrap, {p.mentor for p in pairs})
    await watch.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0)
    await producer.start()
    started = time.perf_counter()
    for i, pair in enumerate(pairs):
        await asyncio.sleep(max(0.0, started + i / RATE - time.perf_counter()))
        watch.published[pair.mentor] = time.perf_counter()
        await producer.send_and_wait(HMPPS_TOPIC, release_message(pair.mentor_noms, pair.prison),
                                     key=pair.mentor_noms.encode())  # fmt: skip
    await watch.all_done(timeout)
    await producer.stop()
    await watch.stop()
    return watch


def run(releases: int = RELEASES, steady_seconds: float = STEADY_SECONDS) -> dict[str, float]:
    steady_count = max(1, round(RATE * steady_seconds))
    with (
        tempfile.TemporaryDirectory(prefix="release-") as workdir,
        estate_platform(Path(workdir), SQLITE) as platform,
    ):
        bootstrap = platform.bootstrap
        chain = run_async(chain_rate(bootstrap, releases))
        hop = run_async(relay_latency.hops(bootstrap, workdir, woken=None))
        cast = Cast(platform, releases + steady_count)
        started = time.perf_counter()
        cast.build()
        stages = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in cast.stages)
        print(f"  set-up of {len(cast.pairs):,} mentor/mentee pairs (not timed): "
              f"{time.perf_counter() - started:.0f} s ({stages})", flush=True)  # fmt: skip
        cast.close()
        elapsed, watch = run_async(burst(bootstrap, cast.pairs[:releases]))
        arrivals = watch.by_effect(since=min(watch.published.values()))
        print("  burst, each effect's last arrival:", effects(arrivals, last=True))
        platform.wait_quiet(timeout=TIMEOUT)
        watch = run_async(steady(bootstrap, cast.pairs[releases:]))
        print("  steady 50/s, each effect's p50/p99 from its release:", effects(watch.by_effect()))
    return report(releases, elapsed, chain, steady_count, watch.latencies(), hop)


def effects(figures: dict[str, tuple[float, float, float]], last: bool = False) -> str:
    """Each effect's p50/p99, or (`last`) when its last one arrived."""
    return "; ".join(
        f"{what} {final / 1000:.1f} s" if last else f"{what} {p50:,.0f}/{p99:,.0f} ms"
        for what, (p50, p99, final) in figures.items()
    )


def report(releases, elapsed, chain, steady_count, latency, hop) -> dict[str, float]:
    rate = releases / elapsed
    (p50, p99), (all50, all99) = latency
    print(f"release workflow, {releases:,} releases at once (match ended, 3 follow-ups, "
          f"placement referral each; SQLite, services as processes)")  # fmt: skip
    print(f"  platform                           {rate:8,.1f} releases/s  ({elapsed:.1f} s)")
    print(f"  aiokafka relay chain, 4 processes  {chain:8,.1f} messages/s (baseline)")
    print(f"  ratio {rate / chain:.1%}   goal: >= 500/s and >= 50% of the chain")
    print(f"latency feed release -> last follow-up, {steady_count:,} releases at a steady 50/s")
    print(f"  platform         p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"
          f"   (every effect: p50 {all50:.1f} ms, p99 {all99:.1f} ms)")  # fmt: skip
    print(f"  raw broker hop   p50 {hop[0]:7.1f} ms   p99 {hop[1]:7.1f} ms (baseline)")
    print("  goal: p99 < 250 ms")
    record(
        f"release workflow end to end, {releases:,} releases as fast as possible",
        f"{rate:,.0f} releases/s",
        f"relay chain of 4 aiokafka processes: {chain:,.0f}/s",
        ratio_of(rate, chain),
        ">= 500/s, >= 50% of the chain",
    )
    record(
        "latency feed release -> last follow-up at a steady 50 releases/s",
        f"p50 {p50:,.0f} ms, p99 {p99:,.0f} ms",
        f"raw broker hop p50 {hop[0]:.1f} ms, p99 {hop[1]:.1f} ms",
        f"p99 {p99 / hop[1]:,.0f}x" if hop[1] else "—",
        "p99 < 250 ms",
    )
    return {"rate": rate, "chain": chain, "p50": p50, "p99": p99}


if __name__ == "__main__":
    from table import print_table

    from pathways.platform.logging import configure_logging

    configure_logging("bench", "warning", "console")
    run()
    print_table()
