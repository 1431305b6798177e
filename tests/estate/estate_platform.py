"""The real platform for the estate model: broker + every service as its own process, each
service on the database named for it (so one run covers SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from e2e_platform import (
    SERVICES,
    Platform,
    ServiceProcess,
    installed,
    run_async,
    wait_ready,
)

from pathways.messaging.topics import ensure_topics, platform_topics
from pathways.testing.local_broker import free_port, start_tansu
from pathways.testing.local_broker import stop as stop_tansu
from pathways.testing.postgres import create_database, drop_database, postgres_server

MIXED = {
    "intake": "postgresql",
    "mentoring": "sqlite",
    "family": "postgresql",
    "placements": "sqlite",
    "outcomes": "postgresql",
}


@contextlib.contextmanager
def estate_platform(workdir: Path, databases: Mapping[str, str] = MIXED) -> Iterator[Platform]:
    """Start the broker, the topics and every installed service on its database; stop them
    all at the end and drop the PostgreSQL databases."""
    stack = contextlib.ExitStack()
    broker = None
    platform: Platform | None = None
    created: list[str] = []
    server_url = ""
    try:
        port = free_port()
        broker = start_tansu(port, workdir / "broker.log")
        platform = Platform("mixed", f"127.0.0.1:{port}", workdir / "dev-jwt-key.pem")
        platform.token("admin")  # creates the signing key before any service reads it
        run_async(ensure_topics(platform.settings, platform_topics(), partitions=3))
        if "postgresql" in databases.values():
            server_url = stack.enter_context(postgres_server())
        for name in SERVICES:
            if not installed(name):
                continue
            if databases.get(name, "sqlite") == "postgresql":
                url = run_async(create_database(server_url, prefix=f"pathways_estate_{name}"))
                created.append(url)
            else:
                url = f"sqlite+aiosqlite:///{workdir / name}.db"
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("KAFKA_", "DATABASE_", "AUTH_"))
            }
            env.update(
                KAFKA_BOOTSTRAP_SERVERS=platform.bootstrap,
                DATABASE_URL=url,
                AUTH_DEV_KEY_FILE=str(platform.key_file),
                LOG_FORMAT="json",
            )
            platform.services[name] = ServiceProcess(
                name, free_port(), env, workdir / f"{name}.log"
            )
        for service in platform.services.values():
            service.start()
        wait_ready(platform.services.values())
        platform.learn_consumer_groups()
        yield platform
    finally:
        if platform is not None:
            platform.stop()
        if broker is not None:
            stop_tansu(broker)
        for url in created:
            with contextlib.suppress(Exception):
                run_async(drop_database(server_url, url))
        stack.close()
