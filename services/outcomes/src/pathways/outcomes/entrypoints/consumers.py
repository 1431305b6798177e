"""The consumer of the four public topics: the kit's generational consumer (a consumer group
per read-model generation, `pathways.outcomes.g<N>`, N kept in the database), so a rebuild
replays every topic from the earliest offset under a new group. Before it starts, the
aggregates are built from the stored facts if they are not (`build_aggregates`)."""

from __future__ import annotations

from typing import Any

import structlog

from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.messaging.generations import GenerationalConsumer, generation_follower
from pathways.outcomes.adapters.retention import RULES
from pathways.outcomes.service_layer.event_handlers import CONSUMED, record_facts
from pathways.outcomes.service_layer.rebuild import build_aggregates
from pathways.outcomes.settings import Settings
from pathways.platform.app import BackgroundJob
from pathways.platform.retention import forget_batch_handler

log = structlog.get_logger("pathways.outcomes")
NAME = "outcomes"
BATCH_HANDLERS = {event.event_type: record_facts for event in CONSUMED}
# An erasure under intake's retention policy is not a fact: it deletes the person's facts.
BATCH_HANDLERS[RETENTION_APPLIED] = forget_batch_handler(RULES)


def read_model_consumer(settings: Settings) -> GenerationalConsumer:
    return GenerationalConsumer(
        NAME,
        settings.topics(),
        BATCH_HANDLERS,
        description="Keeps every public event as a fact of the outcomes read model.",
        runs_across_types=True,  # every fact goes to one handler: one run per batch
    )


async def current_generation(runtime: Any) -> int:
    async with runtime.new_uow() as uow:
        return (await uow.state.get()).generation


async def build_on_start(runtime: Any) -> None:
    try:
        async with runtime.new_uow() as uow:
            read = await build_aggregates(uow)
        if read is not None:
            log.info("aggregates.built", facts_read=read)
    except Exception as exc:  # the figures are then computed from the facts, as before
        log.warning("aggregates.build_failed", error=repr(exc))


def follower(consumer: GenerationalConsumer, settings: Settings) -> BackgroundJob:
    """Build the aggregates if need be (before consuming: the build holds fact writes off),
    then the kit's follower: consume under the database's generation, and follow it."""
    follow = generation_follower(consumer, current_generation, settings.generation_poll_seconds)

    async def job(runtime: Any) -> None:
        await build_on_start(runtime)
        await follow(runtime)

    return job
