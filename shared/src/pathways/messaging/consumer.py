"""An idempotent batch consumer: decode → inbox claim → handler → one commit per batch →
offsets committed only after that. Poison messages and handlers that keep failing after
bounded retries become dead letters; the consumer carries on with the next message."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from opentelemetry.trace import Tracer

from pathways.messaging import metrics
from pathways.messaging.consumer_batches import BatchApplying
from pathways.messaging.consumer_dead_letters import DeadLettering
from pathways.messaging.incoming import (
    DeadLetterReason,
    Decoder,
    Incoming,
    Poison,
    as_poison,
    cloudevent_decoder,
)
from pathways.messaging.raw_records import FETCH_DEFAULTS, keep_raw, parse_safely
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform import tracing

log = structlog.get_logger("pathways.consumer")
Handler = Callable[[Incoming, Any], Awaitable[None]]
# Applies a run of consecutive events of one type at once (set-based writes where it pays).
BatchHandler = Callable[[list[Incoming], Any], Awaitable[None]]
UowFactory = Callable[[], UnitOfWork]


class EventConsumer(BatchApplying, DeadLettering):
    """One consumer group (`pathways.<name>`) over `topics`, with a handler per event type.

    `set_based` (default): the unit of work's `load_batch` / `write_batch` hooks wrap a
    batch's handlers (one query loads every person named; staged writes, a few statements
    per table); False: each event reads and writes for itself (one-by-one, for comparison)."""

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
        """`runs_across_types`: consecutive events of types sharing one batch handler go to
        it as one run (else a run is one type)."""
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
        self.set_based = True

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

    def register(
        self, broker: KafkaBroker, uow_factory: UowFactory, batch_size: int, persistent: bool = True
    ) -> Any:
        """Subscribe on `broker`; returns the subscriber (`persistent=False`: the caller owns
        its lifetime, see `pathways.messaging.generations`)."""
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
            persistent=persistent,
        )
        subscriber(self.on_batch)
        return subscriber

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
        metrics.record_lag(self.name, msg, records)

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
            self.count_applied(fresh)
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

    async def apply_decoded(self, uow: UnitOfWork, incoming: Incoming) -> bool:
        """Apply one decoded event in `uow` through the inbox and the handler, as a delivery
        would (no commit: the caller's); False if the inbox had it (applied before)."""
        return bool(await self._apply_batch(uow, [incoming]))

    def count_applied(self, fresh: list[Incoming]) -> None:
        # Once committed: a rolled-back batch counts nothing. One increment per event type.
        for event_type, count in Counter(i.event_type for i in fresh).items():
            metrics.EVENTS_CONSUMED.labels(self.name, event_type, "applied").inc(count)

    async def _apply_alone(self, incoming: Incoming) -> None:
        error: Exception | None = None
        for attempt in range(self.max_retries):
            try:
                async with self._uow() as uow:
                    fresh = await self._apply_batch(uow, [incoming])
                    await uow.commit()
                self.count_applied(fresh)
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

    def _uow(self) -> UnitOfWork:
        assert self.uow_factory is not None, "register() the consumer first"
        return self.uow_factory()

    def _count(self, incoming: Incoming, outcome: str) -> None:
        metrics.EVENTS_CONSUMED.labels(self.name, incoming.event_type, outcome).inc()
