"""A read model rebuilt from its topics' history: one consumer group per generation
(`pathways.<name>.g<N>`, N kept in the service's database). A rebuild stops the running
subscriber, lets the service clear its read model (and say the next generation), and starts
a new subscriber under that group from the earliest offset; other replicas follow the
generation by polling (`generation_follower`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import structlog
from faststream.kafka import KafkaBroker
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.broker import drop_subscriber
from pathways.messaging.consumer import BatchHandler, EventConsumer, UowFactory
from pathways.messaging.tables import inbox

log = structlog.get_logger("pathways.consumer")
# A background job of the chassis (pathways.platform.app.BackgroundJob).
Job = Callable[[Any], Awaitable[None]]


def group_of(name: str, generation: int) -> str:
    return f"pathways.{name}.g{generation}"


async def forget_applied(session: AsyncSession, consumer: str) -> None:
    """A new generation starts with an empty inbox: every event is applied again."""
    await session.execute(delete(inbox).where(inbox.c.consumer == consumer))


class GenerationalConsumer(EventConsumer):
    def __init__(
        self,
        name: str,
        topics: Sequence[str],
        batch_handlers: Mapping[str, BatchHandler],
        description: str,
        *,
        runs_across_types: bool = False,
    ) -> None:
        super().__init__(
            name,
            topics,
            {},
            batch_handlers=batch_handlers,
            description=description,
            runs_across_types=runs_across_types,
        )
        self.generation = 0
        self._broker: KafkaBroker | None = None
        self._batch_size = 500
        self._subscriber: Any = None
        self._lock = asyncio.Lock()

    @property
    def group_id(self) -> str:
        return group_of(self.name, self.generation)

    @property
    def running(self) -> bool:
        return self._subscriber is not None

    def register(
        self, broker: KafkaBroker, uow_factory: UowFactory, batch_size: int, persistent: bool = True
    ) -> Any:
        """Deferred: the subscriber is made once the generation is read (`switch_to`)."""
        self._broker, self.uow_factory, self._batch_size = broker, uow_factory, batch_size
        return None

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
        self._subscriber = super().register(
            self._broker, self.uow_factory, self._batch_size, persistent=False
        )
        await self._subscriber.start()
        log.info("consumer.started", group_id=self.group_id)

    async def _stop(self) -> None:
        subscriber, self._subscriber = self._subscriber, None
        if subscriber is None or self._broker is None:
            return
        with contextlib.suppress(Exception):
            await subscriber.stop()  # waits for the batch in hand (graceful timeout)
        drop_subscriber(self._broker, subscriber)
        log.info("consumer.stopped", group_id=self.group_id)


def generation_follower(
    consumer: GenerationalConsumer,
    generation_of: Callable[[Any], Awaitable[int]],
    poll_seconds: float,
) -> Job:
    """A background job: start consuming once the broker is up, then follow the generation
    `generation_of(runtime)` reads from the database (a rebuild started by another replica)."""

    async def follow(runtime: Any) -> None:
        await runtime.relay.ready.wait()  # set once the broker is connected
        while True:
            try:
                await consumer.switch_to(await generation_of(runtime))
            except Exception as exc:  # the database may be down for a while: keep trying
                log.warning("generation.check_failed", consumer=consumer.name, error=repr(exc))
            await asyncio.sleep(poll_seconds)

    return follow
