"""The consumer of the four public topics, under a consumer group per read-model generation
(`pathways.outcomes.g<N>`, N kept in the database). A rebuild stops the running subscriber,
clears the read model and starts a new one under the next group, from the earliest offset;
other replicas notice the new generation by polling and switch too."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from faststream.kafka import KafkaBroker

from pathways.messaging.consumer import EventConsumer, UowFactory
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.outcomes.adapters.retention import RULES
from pathways.outcomes.service_layer.event_handlers import CONSUMED, record_facts
from pathways.outcomes.service_layer.rebuild import build_aggregates
from pathways.outcomes.settings import Settings
from pathways.platform.app import BackgroundJob, ServiceRuntime
from pathways.platform.retention import forget_batch_handler

log = structlog.get_logger("pathways.outcomes")
NAME = "outcomes"
BATCH_HANDLERS = {event.event_type: record_facts for event in CONSUMED}
# An erasure under intake's retention policy is not a fact: it deletes the person's facts.
BATCH_HANDLERS[RETENTION_APPLIED] = forget_batch_handler(RULES)


class GenerationalConsumer(EventConsumer):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            NAME,
            settings.topics(),
            {},
            batch_handlers=BATCH_HANDLERS,
            description="Keeps every public event as a fact of the outcomes read model.",
        )
        self.generation = 0
        self._broker: KafkaBroker | None = None
        self._batch_size = settings.consumer_batch_size
        self._subscriber: Any = None
        self._lock = asyncio.Lock()

    @property
    def group_id(self) -> str:
        return f"pathways.{NAME}.g{self.generation}"

    @property
    def running(self) -> bool:
        return self._subscriber is not None

    def register(self, broker: KafkaBroker, uow_factory: UowFactory, batch_size: int) -> None:
        """Deferred: the subscriber is made once the generation is read from the database."""
        self._broker, self.uow_factory, self._batch_size = broker, uow_factory, batch_size

    async def switch_to(self, generation: int) -> None:
        """Consume under `generation` (never back to an older one than we run)."""
        async with self._lock:
            target = max(generation, self.generation)
            if target != self.generation or not self.running:
                await self._stop()
                await self._start(target)

    async def rebuild(self, clear: Callable[[], Awaitable[int]]) -> int:
        """Stop consuming, run `clear` (returns the new generation), consume under it."""
        async with self._lock:
            await self._stop()
            try:
                generation = await clear()
            except Exception:
                await self._start(self.generation)  # nothing changed: carry on as before
                raise
            await self._start(generation)
            return generation

    async def _start(self, generation: int) -> None:
        assert self._broker is not None and self.uow_factory is not None
        self.generation = generation
        before = set(self._broker.subscribers)
        super().register(self._broker, self.uow_factory, self._batch_size)
        [subscriber] = [s for s in self._broker.subscribers if s not in before]
        self._subscriber = subscriber
        await subscriber.start()
        log.info("consumer.started", group_id=self.group_id)

    async def _stop(self) -> None:
        subscriber, self._subscriber = self._subscriber, None
        if subscriber is None or self._broker is None:
            return
        with contextlib.suppress(Exception):
            await subscriber.stop()  # waits for the batch in hand (graceful timeout)
        self._broker._subscribers.discard(subscriber)
        log.info("consumer.stopped", group_id=self.group_id)


async def build_on_start(runtime: ServiceRuntime) -> None:
    try:
        async with runtime.new_uow() as uow:
            read = await build_aggregates(uow)
        if read is not None:
            log.info("aggregates.built", facts_read=read)
    except Exception as exc:  # the figures are then computed from the facts, as before
        log.warning("aggregates.build_failed", error=repr(exc))


def generation_follower(consumer: GenerationalConsumer, settings: Settings) -> BackgroundJob:
    """A background job: build the aggregates from the stored facts if they are not (before
    consuming: the build holds fact writes off), start consuming once the broker is up, then
    follow the generation in the database (a rebuild started by another replica)."""

    async def follow(runtime: ServiceRuntime) -> None:
        await build_on_start(runtime)
        await runtime.relay.ready.wait()  # set once the broker is connected
        while True:
            try:
                async with runtime.new_uow() as uow:
                    state = await uow.state.get()
                await consumer.switch_to(state.generation)
            except Exception as exc:  # the database may be down for a while: keep trying
                log.warning("generation.check_failed", error=repr(exc))
            await asyncio.sleep(settings.generation_poll_seconds)

    return follow
