"""Topic set-up: every public topic, the prison feed, and each consumer's dead-letter topic.

python -m pathways.messaging.topics            # uses KAFKA_* settings from the environment
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from pathways.contracts import HMPPS_TOPIC, PUBLIC_TOPICS, dead_letter_topic
from pathways.messaging.broker import admin_kwargs
from pathways.platform.settings import ServiceSettings

log = structlog.get_logger("pathways.topics")
CONSUMERS = ("intake", "mentoring", "family", "placements", "outcomes")


def platform_topics() -> list[str]:
    return [*PUBLIC_TOPICS, HMPPS_TOPIC, *(dead_letter_topic(c) for c in CONSUMERS)]


async def ensure_topics(
    settings: ServiceSettings,
    topics: Iterable[str],
    *,
    partitions: int = 6,
    replication: int = 1,
    attempts: int = 30,
) -> None:
    """Create the topics that do not exist yet; waits for the broker up to `attempts` s."""
    admin = AIOKafkaAdminClient(**admin_kwargs(settings))  # type: ignore[arg-type]
    for attempt in range(attempts):
        try:
            await admin.start()
            break
        except Exception:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(1)
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in dict.fromkeys(topics) if t not in existing]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [
                        NewTopic(t, num_partitions=partitions, replication_factor=replication)
                        for t in wanted
                    ]
                )
        log.info("topics.ready", created=wanted, existing=len(existing))
    finally:
        await admin.close()


if __name__ == "__main__":
    import os

    asyncio.run(
        ensure_topics(
            ServiceSettings(),
            platform_topics(),
            partitions=int(os.environ.get("KAFKA_TOPIC_PARTITIONS", "6")),
            replication=int(os.environ.get("KAFKA_TOPIC_REPLICATION", "1")),
        )
    )
