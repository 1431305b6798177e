"""Status and rebuild, wired to the running consumer and the broker."""

from __future__ import annotations

from typing import Any

import structlog

from pathways.messaging.generations import GenerationalConsumer, group_of
from pathways.messaging.offsets import committed_offsets, end_offsets
from pathways.outcomes.entrypoints.auth import Unavailable
from pathways.outcomes.entrypoints.consumers import NAME
from pathways.outcomes.entrypoints.schemas import RebuildStarted, ReplayProgress, Status
from pathways.outcomes.service_layer.rebuild import finish_rebuild, progress, start_rebuild

log = structlog.get_logger("pathways.outcomes")


def consumer_of(runtime: Any) -> GenerationalConsumer:
    return next(c for c in runtime.definition.consumers if isinstance(c, GenerationalConsumer))


async def status(runtime: Any) -> Status:
    async with runtime.new_uow() as uow:
        state = await uow.state.get()
        count, last_event, last_applied = await uow.facts.totals()
    replay, rebuilding = None, state.rebuild_targets is not None
    if state.rebuild_targets is not None:
        try:
            committed = await committed_offsets(
                runtime.settings, group_of(NAME, state.generation), list(state.rebuild_targets)
            )
            found = progress(state.rebuild_targets, committed)
            replay = ReplayProgress(partitions=found.partitions, caught_up=found.caught_up)
            if found.done:
                async with runtime.new_uow() as uow:
                    await finish_rebuild(uow, state.generation)
                    state = await uow.state.get()
                rebuilding = state.rebuild_targets is not None
        except Exception as exc:  # broker unreachable: progress unknown, still rebuilding
            log.warning("rebuild.progress_unknown", error=repr(exc))
    return Status(
        generation=state.generation,
        consumer_group=group_of(NAME, state.generation),
        consuming=consumer_of(runtime).running,
        events_applied=count,
        last_event_at=last_event,
        last_applied_at=last_applied,
        rebuilding=rebuilding,
        rebuild_started_at=state.rebuild_started_at,
        rebuilt_at=None if rebuilding else state.rebuilt_at,
        replay=replay,
    )


async def rebuild(runtime: Any, actor: str) -> RebuildStarted:
    consumer = consumer_of(runtime)
    if not runtime.broker_connected:
        raise Unavailable(
            "the broker is not reachable, so nothing could be replayed; "
            "the read model is unchanged — try again later"
        )
    try:
        targets = await end_offsets(runtime.settings, consumer.topics)
    except Exception as exc:
        raise Unavailable(
            f"could not read the topics' offsets ({exc!r}); nothing changed"
        ) from None

    async def clear() -> int:
        async with runtime.new_uow() as uow:
            return await start_rebuild(uow, NAME, targets, actor)

    generation = await consumer.rebuild(clear)
    log.info("rebuild.started", generation=generation, partitions=len(targets))
    return RebuildStarted(
        generation=generation,
        consumer_group=group_of(NAME, generation),
        events_to_replay=sum(targets.values()),
    )
