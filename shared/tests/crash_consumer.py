"""Runs the kit service in a process that dies (like SIGKILL: no clean-up) right after its
first batch is committed to the database and before the Kafka offset is committed."""

import asyncio
import os
import sys

import kit_service
from faststream.kafka.message import KafkaAckableMessage

from pathways.testing.service import running


async def _die(self: object) -> None:
    os._exit(9)


async def main(bootstrap: str, database_url: str, topic: str, key_file: str) -> None:
    KafkaAckableMessage.ack = _die  # type: ignore[method-assign]
    settings = kit_service.KitSettings(
        database_url=database_url, kafka_bootstrap_servers=bootstrap, auth_dev_key_file=key_file
    )
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    async with running(app):
        await asyncio.sleep(120)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
