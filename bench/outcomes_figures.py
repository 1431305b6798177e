"""Outcomes figures at growing fact counts (issue 14 item 4), on PostgreSQL: the facts are
seeded set-based straight into the database (bench/outcomes_seed.py: COPY of generated
people up to 50k facts, then copies of those people made by one INSERT … SELECT per step),
then at each size:
- the rebuild of the aggregates from every stored fact (`build_aggregates`, the set-based
  job), in facts/s, beside a raw read of the same facts (one streamed SELECT) in the same run;
  past the time budget the counters are seeded instead (the copies' ledgers are the base
  people's: the counters multiply);
- `GET /outcomes/summary` (national, and one prison; a year's range), median of 15, beside
  the old path on the same data (the scan of every fact, up to 50k facts) and a bare
  indexed SELECT of the prison's facts in the range (what any fact-reading path must read).

`python bench/outcomes_figures.py [max facts] [budget seconds]` (5,000,000 and 300)."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from typing import Any

import outcomes_seed as seed
from sqlalchemy import text
from table import ratio_of, record

from pathways.outcomes.app import create_app
from pathways.outcomes.service_layer.rebuild import build_aggregates
from pathways.outcomes.settings import Settings
from pathways.testing.postgres import create_database, drop_database
from pathways.testing.service import bearer, running

SIZES = [1_000, 10_000, 50_000, 500_000, 5_000_000]
BASE = 50_000  # facts generated in Python; larger sizes are copies of these people
SCAN_LIMIT_S = 5.0
END = seed.START + timedelta(days=seed.DAYS - 1)
FROM = END - timedelta(days=364)
PRISON = seed.PRISONS[7]
COPY = text(  # copies k0..k1 of the base people: new person ids, the same stories
    f"INSERT INTO facts ({', '.join(seed.COLUMNS)}) "
    "SELECT f.event_id || '-c' || k, event_type, np(person_id, k), "
    "np(other_person_id, k), prison_code, other_prison_code, occurred_at, recorded_at, "
    "replace(replace(data::text, person_id, np(person_id, k)), coalesce(other_person_id, "
    "'-'), coalesce(np(other_person_id, k), '-'))::json FROM facts f, "
    "generate_series(CAST(:k0 AS int), CAST(:k1 AS int)) k WHERE f.event_id NOT LIKE '%-c%'"
)
NEW_ID = text(  # person id UUID(int=i) -> UUID(int=i + k * :people)
    "CREATE FUNCTION np(id text, k int) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT "
    "'00000000-0000-0000-0000-' || lpad(to_hex(('x' || lpad(right(id, 12), 16, '0'))::bit(64)"
    "::bigint + k * {people}), 12, '0') $$"
)
SCALE = "UPDATE {table} SET n = n * {factor}, total = total * {factor}"


async def timed(call: Any, times: int = 15) -> float:
    took = []
    for _ in range(times):
        start = time.perf_counter()
        await call()
        took.append(time.perf_counter() - start)
    return statistics.median(took)


class Bench:
    def __init__(self, app: Any, client: Any, dsn: str) -> None:
        self.app, self.client, self.dsn = app, client, dsn
        self.runtime = app.state.runtime
        self.headers = bearer(app.state.runtime.settings, "reporting:read", subject="bench")
        self.people = 0  # people generated in Python
        self.copies = 1  # the base people and their copies

    async def sql(self, statement: Any, **values: Any) -> Any:
        async with self.runtime.sessions() as session:
            result = await session.execute(statement, values)
            await session.commit()
            return result

    async def count(self) -> int:
        return int((await self.sql(text("SELECT count(*) FROM facts"))).scalar())

    async def grow(self, target: int) -> None:
        if target <= BASE:
            more = max(10, round(target / 17.5 / 10) * 10)  # ~17.5 facts a person
            await seed.seed(self.dsn, self.people, more)
            self.people = more
            return
        if self.copies == 1:
            await self.sql(text(NEW_ID.text.format(people=self.people)))
        copies = round(target / await self.count() * self.copies)
        await self.sql(COPY, k0=self.copies, k1=copies - 1)
        self.copies = copies

    async def rebuild(self) -> float:
        async with self.runtime.new_uow() as uow:
            start = time.perf_counter()
            await build_aggregates(uow, again=True)
            return time.perf_counter() - start

    async def scale_counters(self, factor: int) -> None:
        for table in ("aggregate_points", "aggregate_levels", "aggregate_workers"):
            await self.sql(text(SCALE.format(table=table, factor=factor)))

    async def raw_read(self) -> float:
        query = text("SELECT event_id, event_type, occurred_at, data::text FROM facts")
        start = time.perf_counter()
        async with self.runtime.sessions() as session:
            result = await session.stream(query.execution_options(yield_per=20_000))
            async for _ in result.partitions():
                pass
        return time.perf_counter() - start

    async def summary(self, prison: str | None) -> float:
        where = f"prison_code={prison}&" if prison else ""
        url = f"/outcomes/summary?{where}from={FROM}&to={END}"

        async def get() -> None:
            response = await self.client.get(url, headers=self.headers)
            assert response.status_code == 200, response.text

        return await timed(get)

    async def scan(self, prison: str | None) -> float:
        await self.sql(text("UPDATE read_model_state SET aggregates_version = NULL"))
        try:
            return await timed(lambda: self.summary_once(prison), 1)
        finally:
            await self.sql(text("UPDATE read_model_state SET aggregates_version = 1"))

    async def summary_once(self, prison: str | None) -> None:
        where = f"prison_code={prison}&" if prison else ""
        url = f"/outcomes/summary?{where}from={FROM}&to={END}"
        assert (await self.client.get(url, headers=self.headers)).status_code == 200

    async def bare_select(self) -> float:
        query = text(
            "SELECT event_id, data::text FROM facts WHERE prison_code = :p "
            "AND occurred_at >= :a AND occurred_at <= :b"
        )
        values = {"p": PRISON, "a": FROM, "b": END + timedelta(days=1)}
        return await timed(lambda: self.sql(query, **values))


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f} ms"


async def run(server: str, max_facts: int, budget: float) -> None:
    url = await create_database(server, "pathways_bench")
    dsn = url.replace("+asyncpg", "")
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=url, kafka_bootstrap_servers="127.0.0.1:9",
                            auth_dev_key_file=f"{folder}/key.pem", log_level="error")  # fmt: skip
        app = create_app(settings)
        try:
            async with running(app) as client:
                await report(Bench(app, client, dsn), max_facts, budget, began)
        finally:
            await drop_database(server, url)


async def report(bench: Bench, max_facts: int, budget: float, began: float) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"outcomes figures on PostgreSQL (summary: {FROM}..{END}, prison {PRISON}; "
          f"load average {load} on {os.cpu_count()} cores)")  # fmt: skip
    print(f"  {'facts':>10} | {'rebuild':>12} {'raw read':>12} ratio | {'summary *':>10} "
          f"{'prison':>9} | {'scan *':>9} {'scan':>9} | bare SELECT")  # fmt: skip
    last: dict[str, Any] = {}
    scanning, rebuilding = True, True
    for size in (s for s in SIZES if s <= max_facts):
        before = bench.copies
        await bench.grow(size)
        facts = await bench.count()
        rate = raw = None
        left = budget - (time.perf_counter() - began)
        if facts <= BASE or (rebuilding and facts / last["rate"] < left):
            rate, raw = facts / await bench.rebuild(), facts / await bench.raw_read()
        else:  # the copies' ledgers are the base people's: scale the counters
            rebuilding = False
            await bench.scale_counters(bench.copies // before)
        national, prison = await bench.summary(None), await bench.summary(PRISON)
        scan = (await bench.scan(None), await bench.scan(PRISON)) if scanning else (None, None)
        scanning = size < BASE and max(scan) < SCAN_LIMIT_S  # type: ignore[type-var]
        bare = await bench.bare_select()
        rates = f"{rate:>10,.0f}/s {raw:>10,.0f}/s {rate / raw:>5.0%}" if rate else (
            f"{'(seeded)':>12} {'':>12} {'':>5}")  # fmt: skip
        print(f"  {facts:>10,} | {rates} | {ms(national):>10} {ms(prison):>9} | "
              f"{ms(scan[0]):>9} {ms(scan[1]):>9} | {ms(bare)}", flush=True)  # fmt: skip
        last.update(facts=facts, national=national, prison=prison, bare=bare)
        if rate:
            last.update(rate=rate, raw=raw, rebuilt=facts)
        if scan[0] is not None:
            last.update(scan=scan[0], scanned=facts)
    print("  goals: summary < 100 ms at 5,000,000 facts; rebuild >= 20,000 facts/s")
    record("outcomes summary",
           f"{ms(last['national'])} national, {ms(last['prison'])} one prison at "
           f"{last['facts']:,} facts",
           f"bare indexed SELECT of the prison's facts {ms(last['bare'])}; scan of every fact "
           f"{ms(last['scan'])} at {last['scanned']:,}",
           ratio_of(last["prison"], last["bare"]), "< 100 ms at 5 M facts")  # fmt: skip
    record("outcomes rebuild", f"{last['rate']:,.0f} facts/s at {last['rebuilt']:,} facts",
           f"raw read of the same facts {last['raw']:,.0f}/s",
           ratio_of(last["rate"], last["raw"]), ">= 20,000 facts/s")  # fmt: skip


def main(max_facts: int = SIZES[-1], budget: float = 300.0) -> None:
    from pathways.testing.postgres import postgres_server

    with postgres_server() as server:
        asyncio.run(run(server, max_facts, budget))


if __name__ == "__main__":
    from table import print_table

    args = [float(a) for a in sys.argv[1:3]]
    main(int(args[0]) if args else SIZES[-1], args[1] if len(args) > 1 else 300.0)
    print_table()
