"""An idempotent batch consumer: decode → inbox claim → handler → one commit per batch →
offsets committed only after that. Poison messages and handlers that keep failing after
bounded retries become dead letters; the consumer carries on with the next message."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from opentelemetry.trace import Tracer
from sqlalchemy import insert, select

from pathways.messaging import metrics, spans
from pathways.messaging.context import bind_work, clear_work
from pathways.messaging.dead_letters import envelope_ids, record_dead_letter
from pathways.messaging.forgetting import RETENTION_APPLIED, forgotten_among, subject_of
from pathways.messaging.incoming import (
    DeadLetterReason,
    Decoder,
    Incoming,
    Poison,
    as_poison,
    cloudevent_decoder,
)
from pathways.messaging.person_numbers import note_numbers
from pathways.messaging.person_prisons import note_prisons
from pathways.messaging.raw_records import bare, clean, keep_raw, parse_safely, storable
from pathways.messaging.tables import inbox
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform import tracing

log = structlog.get_logger("pathways.consumer")
Handler = Callable[[Incoming, Any], Awaitable[None]]
# Applies a run of consecutive events of one type at once (set-based writes where it pays).
BatchHandler = Callable[[list[Incoming], Any], Awaitable[None]]
UowFactory = Callable[[], UnitOfWork]
_WORK_KEYS = ("event_id", "event_type", "topic", "partition", "offset", "trace_id")
# Low latency when quiet, large batches under a backlog: a fetch returns as soon as records
# wait, and waits at most fetch_max_wait_ms for new ones (aiokafka's 500 ms added up to half
# a second a hop); a batch takes up to the batch size, fetched in large requests. The
# chassis sets these from the CONSUMER_FETCH_* settings.
FETCH_DEFAULTS: dict[str, int] = {
    "fetch_max_wait_ms": 20,
    "fetch_max_bytes": 50 * 1024 * 1024,
    "max_partition_fetch_bytes": 4 * 1024 * 1024,
}


class EventConsumer:
    """One consumer group (`pathways.<name>`) over `topics`, with a handler per event type."""

    def __init__(
        self,
        name: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        *,
        decoder: Decoder | None = None,
        description: str = "",
        batch_handlers: Mapping[str, BatchHandler] | None = None,
        group_id: str | None = None,
        runs_across_types: bool = False,
    ) -> None:
        """`runs_across_types`: consecutive events of different types that share one batch
        handler go to it as one run (else a run is one type)."""
        self.name = name
        self._runs_across_types = runs_across_types
        self._group_id = group_id
        self.topics = tuple(topics)
        self.handlers = dict(handlers)
        self.batch_handlers = dict(batch_handlers or {})
        self.decode = decoder or cloudevent_decoder({*self.handlers, *self.batch_handlers})
        self.description = description
        self.uow_factory: UowFactory | None = None
        self._tracer: Tracer | None = None
        self.max_retries = 3
        self.retry_delay = 0.2
        self.fetch_options = dict(FETCH_DEFAULTS)

    @property
    def group_id(self) -> str:
        """`pathways.<name>`, unless given (a read model rebuilt under a new group)."""
        return self._group_id or f"pathways.{self.name}"

    @property
    def tracer(self) -> Tracer:
        """The service's tracer (set by the chassis), else the process's default one."""
        return self._tracer or tracing.tracer(self.name)

    @tracer.setter
    def tracer(self, tracer: Tracer) -> None:
        self._tracer = tracer

    def register(self, broker: KafkaBroker, uow_factory: UowFactory, batch_size: int) -> None:
        self.uow_factory = uow_factory
        subscriber = broker.subscriber(
            *self.topics,
            batch=True,
            group_id=self.group_id,
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.MANUAL,
            max_records=batch_size,
            batch_timeout_ms=100,
            **self.fetch_options,
            parser=parse_safely,  # FastStream never decodes (and never fails on) a record:
            decoder=keep_raw,  # the kit decodes each one below, poison becomes a dead letter
            title=f"{self.group_id}:{','.join(self.topics)}",
            description=self.description or f"Consumer group {self.group_id}",
        )
        subscriber(self.on_batch)

    async def on_batch(self, body: Any, msg: KafkaMessage) -> None:
        records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
        started = time.perf_counter()
        try:
            await self.apply(records)
        except Exception as exc:  # database down or similar: rewind and try again later
            log.error("batch.failed", consumer=self.name, size=len(records), error=repr(exc))
            await msg.nack()
            await asyncio.sleep(1.0)
            return
        await msg.ack()  # offsets only after the effects are committed
        metrics.BATCH_SECONDS.labels(self.name).observe(time.perf_counter() - started)
        self._record_lag(msg, records)

    async def apply(self, records: Sequence[Any]) -> None:
        """Apply a batch exactly once; falls back to one message at a time if anything fails."""
        items = self._decode_all(records)
        try:
            async with self._uow() as uow:
                fresh = await self._apply_batch(uow, [i for i in items if isinstance(i, Incoming)])
                for item in items:
                    if not isinstance(item, Incoming):
                        await self._dead_letter(uow, item[0], item[1].reason, item[1].detail)
                await uow.commit()
            self._count_applied(fresh)
            return
        except Exception as exc:
            log.warning("batch.retrying_one_by_one", consumer=self.name, error=repr(exc))
        for item in items:  # in record order, each in its own transaction
            if isinstance(item, Incoming):
                await self._apply_alone(item)
            else:
                await self._dead_letter_alone(item[0], item[1].reason, item[1].detail)

    def _decode_all(self, records: Sequence[Any]) -> list[Incoming | tuple[Any, Poison]]:
        items: list[Incoming | tuple[Any, Poison]] = []
        seen: set[str] = set()
        for record in records:
            try:
                incoming = self.decode(record)
            except Exception as exc:  # any exception class at all: the record is poison
                items.append((record, as_poison(exc)))
                continue
            if incoming is None:
                metrics.EVENTS_CONSUMED.labels(self.name, "-", "skipped").inc()
            elif incoming.event_id not in seen:  # the same event twice in one batch
                seen.add(incoming.event_id)
                items.append(incoming)
        return items

    async def _apply_batch(self, uow: UnitOfWork, decoded: list[Incoming]) -> list[Incoming]:
        """Apply the events not in the inbox yet (no commit here); returns those."""
        if not decoded:
            return []
        done = await self._already_applied(uow, [i.event_id for i in decoded])
        decoded = await self._about_the_living(uow, decoded)
        await note_prisons(uow.session, decoded)  # idempotent: a replay fills the gaps too
        await note_numbers(uow.session, decoded)
        fresh = [i for i in decoded if i.event_id not in done]
        for incoming in decoded:
            if incoming.event_id in done:
                self._count(incoming, "duplicate")
        run: list[Incoming] = []
        for incoming in fresh:
            if run and not self._same_run(run[-1], incoming):
                await self._handle_run(uow, run)
                run = []
            if incoming.event_type in self.batch_handlers:
                run.append(incoming)
            else:
                await self._handle(uow, incoming)
        if run:
            await self._handle_run(uow, run)
        # No inbox row is left about a person erased in this very batch (the tombstone now
        # keeps their events out); the erasure's own row names no one.
        erased = {_subject(i) for i in fresh if i.event_type == RETENTION_APPLIED}
        rows = [i for i in fresh if i.event_type == RETENTION_APPLIED or _subject(i) not in erased]
        if rows:
            now = datetime.now(UTC)
            await uow.session.execute(
                insert(inbox),
                [
                    {
                        "consumer": self.name,
                        "event_id": i.event_id,
                        "event_type": i.event_type,
                        "processed_at": now,
                        "person_id": _inbox_person(i),
                    }
                    for i in rows
                ],
            )
        return fresh

    def _same_run(self, last: Incoming, incoming: Incoming) -> bool:
        if last.event_type == incoming.event_type:
            return True
        handler = self.batch_handlers.get(incoming.event_type)
        return self._runs_across_types and handler is self.batch_handlers.get(last.event_type)

    async def apply_decoded(self, uow: UnitOfWork, incoming: Incoming) -> bool:
        """Apply one decoded event in `uow` through the inbox and the handler, as a delivery
        would (no commit: the caller's); False if the inbox had it (applied before)."""
        return bool(await self._apply_batch(uow, [incoming]))

    def count_applied(self, fresh: list[Incoming]) -> None:
        self._count_applied(fresh)

    async def _about_the_living(self, uow: UnitOfWork, decoded: list[Incoming]) -> list[Incoming]:
        """Drop events about people forgotten under the retention policy (a late delivery, a
        replay or a rebuild must not bring them back), and what follows their erasure in the
        batch; the erasure event itself is applied again harmlessly."""
        gone = await forgotten_among(uow.session, filter(None, map(_subject, decoded)))
        kept: list[Incoming] = []
        for incoming in decoded:
            subject = _subject(incoming)
            if subject in gone and incoming.event_type != RETENTION_APPLIED:
                self._count(incoming, "forgotten")
                continue
            kept.append(incoming)
            if incoming.event_type == RETENTION_APPLIED and subject:
                gone.add(subject)
        return kept

    def _count_applied(self, fresh: list[Incoming]) -> None:
        for incoming in fresh:  # once committed: a rolled-back batch counts nothing
            self._count(incoming, "applied")

    async def _apply_alone(self, incoming: Incoming) -> None:
        error: Exception | None = None
        for attempt in range(self.max_retries):
            try:
                async with self._uow() as uow:
                    fresh = await self._apply_batch(uow, [incoming])
                    await uow.commit()
                self._count_applied(fresh)
                return
            except Exception as exc:
                error = exc
                metrics.HANDLER_FAILURES.labels(self.name, incoming.event_type).inc()
                await asyncio.sleep(self.retry_delay * 4**attempt)
        await self._dead_letter_alone(
            incoming.record,
            DeadLetterReason.HANDLER_FAILED,
            repr(error),
            event_type=incoming.event_type,
            event_id=incoming.event_id,
        )

    async def _dead_letter_alone(
        self, record: Any, reason: DeadLetterReason, error: str, **ids: str | None
    ) -> None:
        """In its own transaction; should even that fail (and the database still answer),
        the record is dead-lettered bare: origin and payload, no key, headers or ids."""
        try:
            async with self._uow() as uow:
                await self._dead_letter(uow, record, reason, error, **ids)
                await uow.commit()
        except Exception as exc:
            log.error("dead_letter.storing_bare", consumer=self.name, error=repr(exc)[:300])
            async with self._uow() as uow:  # raises again if the database is down: retried
                await self._dead_letter(uow, bare(record), reason, f"{error[:500]} ({exc!r:.300})")
                await uow.commit()

    async def _handle_run(self, uow: UnitOfWork, run: list[Incoming]) -> None:
        with spans.processing_run(self.tracer, self.name, self.group_id, run) as traced:
            await self.batch_handlers[run[0].event_type](traced, uow)

    async def _handle(self, uow: UnitOfWork, incoming: Incoming) -> None:
        with spans.processing(self.tracer, self.name, self.group_id, incoming) as traced:
            await self._handle_traced(uow, traced)

    async def _handle_traced(self, uow: UnitOfWork, incoming: Incoming) -> None:
        record = incoming.record
        bind_work(
            incoming.correlation_id,
            incoming.event_id,
            event_id=incoming.event_id,
            event_type=incoming.event_type,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            trace_id=tracing.trace_id(),
        )
        try:
            await self.handlers[incoming.event_type](incoming, uow)
            log.debug("event.applied", outcome="applied")
        finally:
            clear_work(*_WORK_KEYS)

    async def _already_applied(self, uow: UnitOfWork, event_ids: list[str]) -> set[str]:
        rows = await uow.session.execute(
            select(inbox.c.event_id).where(
                inbox.c.consumer == self.name, inbox.c.event_id.in_(event_ids)
            )
        )
        return set(rows.scalars())

    async def _dead_letter(
        self, uow: UnitOfWork, record: Any, reason: DeadLetterReason, error: str, **ids: str | None
    ) -> None:
        known = envelope_ids(record)  # what the envelope says, where the caller did not
        correlation_id = known.pop("correlation_id")
        label = ids.get("event_type") or "-"  # a decoded type only: bounded label values
        ids = {**known, **{k: v for k, v in ids.items() if v}}
        record, ids = storable(record, ids)  # key, headers and ids fit their columns
        error = clean(error, 4000)
        with spans.dead_lettering(
            self.tracer, self.name, self.group_id, record, reason.value, **ids
        ):
            stored = await record_dead_letter(uow, self.name, record, reason, error, **ids)
        if stored:
            metrics.EVENTS_CONSUMED.labels(self.name, label, "dead_lettered").inc()
            log.warning(
                "event.dead_lettered",
                consumer=self.name,
                reason=reason.value,
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                event_id=ids.get("event_id"),
                event_type=ids.get("event_type"),
                outcome="dead_lettered",
                **({"correlation_id": clean(correlation_id, 128)} if correlation_id else {}),
                error=error[:300],
            )

    def _uow(self) -> UnitOfWork:
        assert self.uow_factory is not None, "register() the consumer first"
        return self.uow_factory()

    def _count(self, incoming: Incoming, outcome: str) -> None:
        metrics.EVENTS_CONSUMED.labels(self.name, incoming.event_type, outcome).inc()

    def _record_lag(self, msg: KafkaMessage, records: Sequence[Any]) -> None:
        consumer = getattr(msg, "consumer", None)
        highwater = getattr(consumer, "highwater", None)
        if highwater is None:
            return
        last: dict[Any, int] = {}
        for record in records:
            last[(record.topic, record.partition)] = record.offset
        from aiokafka import TopicPartition

        for (topic, partition), offset in last.items():
            end = highwater(TopicPartition(topic, partition))
            if end is not None:
                metrics.CONSUMER_LAG.labels(self.name, topic, str(partition)).set(
                    max(0, end - offset - 1)
                )


def _subject(incoming: Incoming) -> str | None:
    return subject_of(incoming.data)


def _inbox_person(incoming: Incoming) -> str | None:
    """The person an inbox row is about (null for the erasure event: it must outlive them)."""
    return None if incoming.event_type == RETENTION_APPLIED else _subject(incoming)
