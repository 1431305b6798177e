"""The consumer of the four public topics: the kit's generational consumer (a consumer group
per read-model generation, `pathways.outcomes.g<N>`, N kept in the database), so a rebuild
replays every topic from the earliest offset under a new group."""

from __future__ import annotations

from typing import Any

from pathways.messaging.generations import GenerationalConsumer, generation_follower
from pathways.outcomes.service_layer.event_handlers import BATCH_HANDLERS
from pathways.outcomes.settings import Settings
from pathways.platform.app import BackgroundJob

NAME = "outcomes"


def read_model_consumer(settings: Settings) -> GenerationalConsumer:
    return GenerationalConsumer(
        NAME,
        settings.topics(),
        BATCH_HANDLERS,
        description="Keeps every public event as a fact of the outcomes read model.",
    )


async def current_generation(runtime: Any) -> int:
    async with runtime.new_uow() as uow:
        return (await uow.state.get()).generation


def follower(consumer: GenerationalConsumer, settings: Settings) -> BackgroundJob:
    return generation_follower(consumer, current_generation, settings.generation_poll_seconds)
