"""The live parts of one service process (`ServiceRuntime`: database, broker, relay,
consumers, audit queue, background jobs) and what a service contributes
(`ServiceDefinition`); `pathways.platform.app.build_app` wires them into an ASGI app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter

from pathways.contracts import EventData
from pathways.messaging.broker import make_broker
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.recovery import BrokerWatch
from pathways.messaging.relay import OutboxRelay, faststream_publisher
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform import tracing
from pathways.platform.audit_writer import AuditWriter
from pathways.platform.caseload import CaseloadPolicy
from pathways.platform.db import create_engine, session_factory
from pathways.platform.migrations import upgrade_once
from pathways.platform.reachability import Reachability, watch
from pathways.platform.retention import RetentionRules, scheduled_purge
from pathways.platform.settings import ServiceSettings
from pathways.platform.subject_access import SubjectAccess

log = structlog.get_logger("pathways.service")
BackgroundJob = Callable[["ServiceRuntime"], Awaitable[None]]
DATABASE_CHECK_S = 5.0  # how often the database is probed (one line when lost, one when back)
STOP_PART_S = 3.0  # each part of a stop (tasks, broker clients, database pool) at most


@dataclass
class ServiceDefinition:
    """What a service contributes; the chassis does the rest."""

    name: str
    settings: ServiceSettings
    migrations: Path | None
    routers: Sequence[APIRouter] = ()
    consumers: Sequence[EventConsumer] = ()
    publishes: Sequence[type[EventData]] = ()
    uow_class: type[UnitOfWork] = UnitOfWork
    description: str = ""
    background_jobs: Sequence[BackgroundJob] = ()
    caseload: CaseloadPolicy | None = None  # checked before every route of `routers`
    retention: RetentionRules | None = None  # who is due and how to forget them (issue 15)
    # GET /subject-access-request (role `sar`, national: no caseload check, keyed by prn)
    subject_access: SubjectAccess | None = None
    extras: dict[str, Any] = field(default_factory=dict)


class ServiceRuntime:
    """The live parts of one service process."""

    def __init__(self, definition: ServiceDefinition) -> None:
        self.definition = definition
        self.settings = definition.settings
        self.database_url = self.settings.effective_database_url()
        self.engine = create_engine(self.database_url)
        self.sessions = session_factory(self.engine)
        self.audit = AuditWriter(self.sessions, self.settings.audit_reads)  # reads' rows
        self.broker = make_broker(self.settings)
        self.tracer = tracing.configure_tracing(definition.name, self.settings)
        self.relay = OutboxRelay(
            self.sessions,
            faststream_publisher(self.broker),
            poll_seconds=self.settings.outbox_poll_seconds,
            tracer=self.tracer,
        )
        for consumer in definition.consumers:
            consumer.max_retries = self.settings.consumer_max_retries
            consumer.tracer = self.tracer
            consumer.fetch_options = {
                "fetch_max_wait_ms": self.settings.consumer_fetch_max_wait_ms,
                "fetch_min_bytes": self.settings.consumer_fetch_min_bytes,
                "fetch_max_bytes": self.settings.consumer_fetch_max_bytes,
                "max_partition_fetch_bytes": self.settings.consumer_max_partition_fetch_bytes,
            }
            consumer.register(self.broker, self.new_uow, self.settings.consumer_batch_size)
        self.broker_connected = False
        self.broker_watch = BrokerWatch(self)
        self.database_reachable = Reachability("database")  # database.lost / database.back
        self._tasks: list[asyncio.Task[None]] = []

    def new_uow(self) -> UnitOfWork:
        uow = self.definition.uow_class(
            self.sessions, source=f"pathways/{self.definition.name}", on_commit=self.relay.wake
        )
        uow.audit_queue = self.audit
        return uow

    async def start(self) -> None:
        if self.settings.run_migrations and self.definition.migrations:
            await upgrade_once(self.engine, self.database_url, self.definition.migrations)
        self._spawn(self._connect_broker())
        self._spawn(self.relay.run())
        self._spawn(self.audit.run())
        self._spawn(self.broker_watch.run())
        self._spawn(watch(self.database_reachable, self._ping_database, DATABASE_CHECK_S))
        for job in self.definition.background_jobs:
            self._spawn(job(self))
        if self.settings.retention_purge_interval_seconds > 0:
            self._spawn(scheduled_purge(self))

    def _spawn(self, work: Awaitable[None]) -> None:
        self._tasks.append(asyncio.create_task(work))  # type: ignore[arg-type]

    async def _connect_broker(self) -> None:
        """Connect in the background: the API works (and the outbox fills) while Kafka is down."""
        delay, first = 0.5, True
        while True:
            try:
                # Only start the clients once the broker answers: a client that fails to
                # start is left unclosed by aiokafka and logs noise.
                if not await self._broker_answers():
                    raise ConnectionError("no bootstrap server accepts connections")
                await self.broker.start()
                break
            except Exception as exc:  # said once at warning, then quietly until connected
                log.log(
                    logging.WARNING if first else logging.DEBUG,
                    "broker.unavailable",
                    error=repr(exc),
                    retry_in_s=delay,
                )
                first = False
                with contextlib.suppress(Exception):
                    await self.broker.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 15.0)
        self.broker_connected = True
        self.relay.ready.set()
        log.info("broker.connected", bootstrap=self.settings.kafka_bootstrap_servers)

    async def _broker_answers(self) -> bool:
        for address in self.settings.kafka_bootstrap_servers.split(","):
            host, _, port = address.strip().rpartition(":")
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 3)
            except (OSError, TimeoutError, ValueError):
                continue
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return True
        return False

    async def _ping_database(self) -> None:
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")

    async def stop(self) -> None:
        """Bounded: a SIGTERM must end the process within seconds, even if a Kafka client
        hangs in its close (the offsets of applied batches are committed already)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.wait(self._tasks, timeout=STOP_PART_S) if self._tasks else None
        for part in (self.audit.close(), self.broker.stop(), self.engine.dispose()):
            task = asyncio.ensure_future(part)
            done, _ = await asyncio.wait({task}, timeout=STOP_PART_S)
            if not done:
                task.cancel()
                log.warning("service.stop_abandoned", part=part.__qualname__)
            elif not task.cancelled() and task.exception() is not None:
                log.warning("service.stop_failed", error=repr(task.exception())[:300])
        await asyncio.to_thread(tracing.force_flush)  # spans still batched for the exporter
