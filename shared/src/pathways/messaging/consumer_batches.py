"""How an EventConsumer applies one batch in one unit of work: inbox check, forgotten people
left out, the set-based hooks of the unit of work around the handlers (`load_batch`: every
person the batch names loaded at once; `write_batch`: the staged writes, a few statements
per table), then the inbox rows in one statement. No commit here: the caller's."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import bindparam, select

from pathways.messaging import spans
from pathways.messaging.context import bind_work, clear_work
from pathways.messaging.forgetting import RETENTION_APPLIED, forgotten_among, subject_of
from pathways.messaging.incoming import Incoming
from pathways.messaging.person_numbers import note_numbers
from pathways.messaging.person_prisons import note_prisons
from pathways.messaging.raw_records import position
from pathways.messaging.span_ids import trace_id_of
from pathways.messaging.tables import inbox
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.statements import ids, ids_param, insert_into

log = structlog.get_logger("pathways.consumer")
_ALREADY_APPLIED = select(inbox.c.event_id).where(
    inbox.c.consumer == bindparam("consumer"), inbox.c.event_id.in_(ids_param())
)
_debugging = logging.getLogger("pathways.consumer")


class BatchApplying:
    """The batch half of EventConsumer (its attributes: name, handlers, batch_handlers,
    set_based, tracer, group_id, _runs_across_types, _count)."""

    name: str
    handlers: dict[str, Any]
    batch_handlers: dict[str, Any]
    set_based: bool
    _runs_across_types: bool

    async def _apply_batch(self, uow: UnitOfWork, decoded: list[Incoming]) -> list[Incoming]:
        """Apply the events not in the inbox yet (no commit here); returns those."""
        if not decoded:
            return []
        done = await self._already_applied(uow, [i.event_id for i in decoded])
        subjects = {i.event_id: _subject(i) for i in decoded}  # once each: not cheap
        decoded = await self._about_the_living(uow, decoded, subjects)
        await note_prisons(uow.session, decoded)  # idempotent: a replay fills the gaps too
        await note_numbers(uow.session, decoded)
        fresh = [i for i in decoded if i.event_id not in done]
        for incoming in decoded:
            if incoming.event_id in done:
                self._count(incoming, "duplicate")  # type: ignore[attr-defined]
        await self._run_handlers(uow, fresh, subjects)
        await self._write_inbox(uow, fresh, subjects)
        return fresh

    async def _run_handlers(
        self, uow: UnitOfWork, fresh: list[Incoming], subjects: dict[str, str | None]
    ) -> None:
        """In record order; staged (set-based) until an erasure or a batch handler, which
        write straight to the database: what was staged is written before them."""
        staged = self.set_based and bool(fresh)
        if staged:
            await uow.load_batch(_people(fresh, subjects))
        run: list[Incoming] = []
        try:
            for incoming in fresh:
                if run and not self._same_run(run[-1], incoming):
                    await self._handle_run(uow, run)
                    run = []
                direct = incoming.event_type in self.batch_handlers
                if staged and (direct or incoming.event_type == RETENTION_APPLIED):
                    clear_work()  # the writes are no one event's
                    await uow.write_batch()
                    staged = False
                if direct:
                    run.append(incoming)
                else:
                    await self._handle(uow, incoming)
            if run:
                await self._handle_run(uow, run)
        finally:
            clear_work()  # once: each event's bind_work overwrites every key
        if staged:
            await uow.write_batch()

    async def _write_inbox(
        self, uow: UnitOfWork, fresh: list[Incoming], subjects: dict[str, str | None]
    ) -> None:
        # No inbox row is left about a person erased in this very batch (the tombstone now
        # keeps their events out); the erasure's own row names no one.
        erased = {subjects[i.event_id] for i in fresh if i.event_type == RETENTION_APPLIED}
        rows = [
            i
            for i in fresh
            if i.event_type == RETENTION_APPLIED or subjects[i.event_id] not in erased
        ]
        if not rows:
            return
        now = datetime.now(UTC)
        await uow.session.execute(
            insert_into(inbox),
            [
                {
                    "consumer": self.name,
                    "event_id": i.event_id,
                    "event_type": i.event_type,
                    "processed_at": now,
                    "person_id": None
                    if i.event_type == RETENTION_APPLIED  # the erasure's row outlives them
                    else subjects[i.event_id],
                }
                for i in rows
            ],
        )

    def _same_run(self, last: Incoming, incoming: Incoming) -> bool:
        if last.event_type == incoming.event_type:
            return True
        handler = self.batch_handlers.get(incoming.event_type)
        return self._runs_across_types and handler is self.batch_handlers.get(last.event_type)

    async def _about_the_living(
        self, uow: UnitOfWork, decoded: list[Incoming], subjects: dict[str, str | None]
    ) -> list[Incoming]:
        """Drop events about people forgotten under the retention policy (a late delivery, a
        replay or a rebuild must not bring them back), and what follows their erasure in the
        batch; the erasure event itself is applied again harmlessly."""
        gone = await forgotten_among(uow.session, filter(None, subjects.values()))
        kept: list[Incoming] = []
        for incoming in decoded:
            subject = subjects[incoming.event_id]
            if subject in gone and incoming.event_type != RETENTION_APPLIED:
                self._count(incoming, "forgotten")  # type: ignore[attr-defined]
                continue
            kept.append(incoming)
            if incoming.event_type == RETENTION_APPLIED and subject:
                gone.add(subject)
        return kept

    async def _handle_run(self, uow: UnitOfWork, run: list[Incoming]) -> None:
        clear_work()  # no single event's ids on a run's log lines
        tracer, group = self.tracer, self.group_id  # type: ignore[attr-defined]
        with spans.processing_run(tracer, self.name, group, run) as traced:
            await self.batch_handlers[run[0].event_type](traced, uow)

    async def _handle(self, uow: UnitOfWork, incoming: Incoming) -> None:
        tracer, group = self.tracer, self.group_id  # type: ignore[attr-defined]
        with spans.processing(tracer, self.name, group, incoming) as traced:
            record = traced.record
            bind_work(
                traced.correlation_id,
                traced.event_id,
                event_id=traced.event_id,
                event_type=traced.event_type,
                **position(record),
                trace_id=trace_id_of(traced.traceparent),
            )
            await self.handlers[traced.event_type](traced, uow)
            if _debugging.isEnabledFor(logging.DEBUG):  # the level check alone is cheap
                log.debug("event.applied", outcome="applied")

    async def _already_applied(self, uow: UnitOfWork, event_ids: list[str]) -> set[str]:
        rows = await uow.session.execute(
            _ALREADY_APPLIED, {"consumer": self.name, **ids(event_ids)}
        )
        return set(rows.scalars())


def _subject(incoming: Incoming) -> str | None:
    return subject_of(incoming.data)


def _people(events: list[Incoming], subjects: dict[str, str | None]) -> list[UUID]:
    """Every person the events name, in first-named order."""
    named = dict.fromkeys(s for s in (subjects[i.event_id] for i in events) if s)
    return [UUID(s) for s in named]
