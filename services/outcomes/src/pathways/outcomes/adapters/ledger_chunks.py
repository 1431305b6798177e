"""The CPU part of the aggregates' rebuild: one chunk of people's stored fact rows to the sum
of their ledgers. A plain function of picklable values, so that the rebuild can run chunks
in worker processes (one per core) while it reads the next ones from the database."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime
from typing import Any

from pathways.contracts import REGISTRY
from pathways.outcomes.adapters.repository import _aware
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import Entries, merge
from pathways.outcomes.domain.ledger_build import by_person, person_ledger

Row = tuple[str, str, datetime, str]  # event_id, event_type, occurred_at, data (JSON text)


def facts_of(rows: Iterable[Row]) -> list[Fact]:
    """The rows as facts, validated straight from their JSON (unknown types skipped)."""
    found: dict[str, Fact] = {}
    for event_id, event_type, occurred_at, data in rows:
        model = REGISTRY.get(event_type)
        if model is not None:
            found[event_id] = Fact(event_id, _aware(occurred_at), model.model_validate_json(data))
    return list(found.values())


def chunk_entries(rows: list[Row], first: str, last: str) -> Entries:
    """Σ of the ledgers of the people first..last (ids as text) over the rows (all their
    facts, and maybe facts of others naming them)."""
    entries: Entries = {}
    for person, theirs in by_person(facts_of(rows)).items():
        if first <= str(person) <= last:
            merge(entries, person_ledger(person, theirs))
    return entries


class Ledgers:
    """Chunks' entries summed as they come: inline, or in `processes` worker processes
    (at most two chunks each in flight)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.entries: Entries = {}
        self._pool: Executor | None = None
        self._pending: set[asyncio.Future[Entries]] = set()

    async def __aenter__(self) -> Ledgers:
        if self.processes > 1:
            context = multiprocessing.get_context("spawn")  # no fork of a running service
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        if self._pool is not None:
            for future in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)

    async def add(self, rows: list[Row], first: str, last: str) -> None:
        if self._pool is None:
            merge(self.entries, chunk_entries(rows, first, last))
            return
        loop = asyncio.get_running_loop()
        self._pending.add(loop.run_in_executor(self._pool, chunk_entries, rows, first, last))
        while len(self._pending) >= 2 * self.processes:
            await self._collect(asyncio.FIRST_COMPLETED)

    async def drain(self) -> Entries:
        """Every chunk's entries so far (waiting for those in flight); then empty again."""
        while self._pending:
            await self._collect(asyncio.ALL_COMPLETED)
        entries, self.entries = self.entries, {}
        return entries

    async def _collect(self, when: str) -> None:
        done, self._pending = await asyncio.wait(self._pending, return_when=when)
        for future in done:
            merge(self.entries, future.result())
