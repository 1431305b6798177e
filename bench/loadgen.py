"""Staff API load (issue 14): intake's `GET /people/{id}` at 50/100/200/500 per second,
`POST /people` (a reception: person, audit and outbox rows) on PostgreSQL at 200/s, and a
mentoring matching run over 1,000 waiting mentees x 300 mentors through the API — each
service a real process (`python -m pathways.platform.serve`), beside a bare FastAPI app
(bench/bare_app.py) loaded the same way in the same run.

Open loop: request i is due at start + i/rate whatever the answers do, and its latency runs
from when it was due (so a stalled server shows, not hidden by a waiting client). The client
is raw asyncio HTTP/1.1 over keep-alive connections (cheap: it shares the machine).
`.venv/bin/python bench/loadgen.py` (BENCH_LOAD_SECONDS, default 5, per step)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import loadseed
import table

from pathways.platform.devtoken import issue_token
from pathways.platform.settings import ServiceSettings
from pathways.testing.kafka import kafka_server
from pathways.testing.local_broker import free_port
from pathways.testing.postgres import postgres_server

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "5"))
CONNECTIONS = 64
ROOT = Path(__file__).resolve().parents[1]
BEFORE = {
    "read": "p99 18 ms at 50/s, collapse at 200/s (77/s, p99 11.7 s)",
    "write": "p99 156 ms at 50/s, 52/s at 100/s",
    "matching": "1.2-1.3 s",
}
Request = Callable[[int], bytes]


async def _send(pool: asyncio.Queue, raw: bytes) -> int:
    reader, writer = await pool.get()
    try:
        writer.write(raw)
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        return status
    finally:
        pool.put_nowait((reader, writer))


async def load(port: int, request: Request, rate: float, seconds: float = SECONDS) -> str:
    """Open-loop load at `rate`/s; 'achieved/s, p50, p99, refused' (503s are not achieved)."""
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(CONNECTIONS):
        pool.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def one(i: int, due: float) -> None:
        status = await _send(pool, request(i))
        latencies.append(time.perf_counter() - due)
        statuses[status] = statuses.get(status, 0) + 1

    total, started = int(rate * seconds), time.perf_counter()
    tasks = []
    for i in range(total):
        due = started + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not pool.empty():
        pool.get_nowait()[1].close()
    latencies.sort()
    ok = sum(n for s, n in statuses.items() if s < 300)
    p50, p99 = (latencies[int(q * (len(latencies) - 1))] * 1000 for q in (0.5, 0.99))
    wrong = {s: n for s, n in statuses.items() if s >= 300}
    return f"{ok / elapsed:6.0f}/s p50 {p50:6.1f} ms p99 {p99:7.1f} ms" + (
        f" (not 2xx: {wrong})" if wrong else ""
    )


def get(path: str, token: str) -> Request:
    raw = f"GET {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\n\r\n".encode()
    return lambda _: raw


def post(path: str, token: str, body: Callable[[int], bytes]) -> Request:
    def request(i: int) -> bytes:
        content = body(i)
        head = (
            f"POST {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(content)}\r\n\r\n"
        )
        return head.encode() + content

    return request


@contextlib.contextmanager
def serving(argv: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """A server process until its /health/live answers; stopped (SIGTERM) at the end."""
    with open(log, "ab") as out:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=2).status_code < 500:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{argv} did not start: see {log}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(20)


def service(name: str, env: dict[str, str], folder: str) -> tuple[list[str], dict, int]:
    port = free_port()
    argv = [sys.executable, "-m", "pathways.platform.serve", name, "--port", str(port)]
    return argv, os.environ | {"LOG_LEVEL": "warning"} | env, port


async def run(bootstrap: str, postgres: str, folder: str) -> None:
    key = f"{folder}/key.pem"
    settings = ServiceSettings(auth_dev_key_file=key)
    token = issue_token(("intake:all", "mentoring:all"), settings=settings, subject="bench")
    common = {"AUTH_DEV_KEY_FILE": key, "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    bare_port = free_port()
    bare = [sys.executable, str(ROOT / "bench/bare_app.py"), str(bare_port)]
    with serving(bare, dict(os.environ), bare_port, Path(folder) / "bare.log"):
        bare_rows = {
            r: await load(bare_port, get(f"/people/{loadseed.PERSON}", token), r)
            for r in (50, 100, 200, 500)
        }
        bare_write = await load(bare_port, post("/people", token, loadseed.reception), 200)
    runs = [("sqlite", "sqlite", {}), ("postgresql", "postgresql", {})]
    runs.append(("pg 2 workers", "postgresql", {"HTTP_WORKERS": "2"}))
    for label, database, extra in runs:
        url = await loadseed.database(database, postgres, folder, "intake")
        argv, env, port = service("intake", common | {"DATABASE_URL": url} | extra, folder)
        with serving(argv, env, port, Path(folder) / f"intake-{label[:2]}{len(extra)}.log") as base:
            person = loadseed.receive_one(base, token)
            for rate in (50, 100, 200, 500):
                figure = await load(port, get(f"/people/{person}", token), rate)
                print(f"GET /people/{{id}} {label:12} at {rate:3}/s: {figure}", flush=True)
                print(f"  baseline bare app        at {rate:3}/s: {bare_rows[rate]}", flush=True)
                if rate == 500:
                    table.record(
                        f"staff API GET /people/{{id}} at 500/s ({label})",
                        " ".join(figure.split()),
                        "bare app " + " ".join(bare_rows[rate].split()),
                        goal="p99 < 50 ms at 500/s",
                    )
            if database == "postgresql":
                figure = await load(port, post("/people", token, loadseed.reception), 200)
                print(f"POST /people {label:12} at 200/s: {figure}", flush=True)
                print(f"  baseline bare app       at 200/s: {bare_write}", flush=True)
                table.record(
                    f"staff API writes POST /people at 200/s ({label})",
                    " ".join(figure.split()),
                    "bare app " + " ".join(bare_write.split()),
                    goal="p99 < 100 ms at 200/s",
                )
    print(f"  writes before (issue 14): {BEFORE['write']}; goal p99 < 100 ms at 200/s", flush=True)
    print(f"  reads before (issue 14): {BEFORE['read']}; goal p99 < 50 ms at 500/s", flush=True)
    for database in ("sqlite", "postgresql"):
        url = await loadseed.database(database, postgres, folder, "mentoring")
        await loadseed.seed_matching(url)
        argv, env, port = service("mentoring", common | {"DATABASE_URL": url}, folder)
        with serving(argv, env, port, Path(folder) / f"mentoring-{database}.log") as base:
            seconds, matched = loadseed.matching_run(base, token)
            engine = loadseed.engine_alone()
            print(
                f"matching run via the API {database:10}: {seconds:.2f} s ({matched} matched); "
                f"engine alone {engine:.2f} s; before {BEFORE['matching']}, goal < 0.5 s",
                flush=True,
            )
            table.record(
                f"matching run via the API, 1,000 x 300 ({database})",
                f"{seconds:.2f} s",
                f"engine alone {engine:.2f} s",
                table.ratio_of(engine, seconds),
                "< 0.5 s",
            )


def main() -> None:
    with (
        kafka_server() as bootstrap,
        postgres_server() as postgres,
        tempfile.TemporaryDirectory() as folder,
    ):
        asyncio.run(run(bootstrap, postgres, folder))


if __name__ == "__main__":
    main()
