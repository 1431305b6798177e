"""The service chassis: one function builds a service's ASGI app — FastAPI staff API,
FastStream subscribers and the outbox relay in one process, started and stopped cleanly,
with health, metrics, AsyncAPI and OpenAPI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from pathways.contracts import EventData
from pathways.messaging.broker import make_broker
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.context import bind_work
from pathways.messaging.recovery import BrokerWatch
from pathways.messaging.relay import OutboxRelay, faststream_publisher
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform import admin, admin_audit, health, retention_api, tracing
from pathways.platform.admin_log import log_admin_action
from pathways.platform.api_docs import docs_app
from pathways.platform.caseload import CaseloadPolicy
from pathways.platform.db import create_engine, session_factory
from pathways.platform.http_errors import install_error_handlers
from pathways.platform.load_shedding import LoadShedding
from pathways.platform.logging import adopt_library_loggers, configure_logging
from pathways.platform.migrations import upgrade
from pathways.platform.reachability import Reachability, watch
from pathways.platform.request_guard import RequestGuard
from pathways.platform.retention import RetentionRules, scheduled_purge
from pathways.platform.security import TokenVerifier
from pathways.platform.settings import ServiceSettings
from pathways.platform.subject_access import SubjectAccess, subject_access_router

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
                "fetch_max_bytes": self.settings.consumer_fetch_max_bytes,
                "max_partition_fetch_bytes": self.settings.consumer_max_partition_fetch_bytes,
            }
            consumer.register(self.broker, self.new_uow, self.settings.consumer_batch_size)
        self.broker_connected = False
        self.broker_watch = BrokerWatch(self)
        self.database_reachable = Reachability("database")  # database.lost / database.back
        self._tasks: list[asyncio.Task[None]] = []

    def new_uow(self) -> UnitOfWork:
        return self.definition.uow_class(
            self.sessions, source=f"pathways/{self.definition.name}", on_commit=self.relay.wake
        )

    async def start(self) -> None:
        if self.settings.run_migrations and self.definition.migrations:
            await asyncio.to_thread(upgrade, self.database_url, self.definition.migrations)
        self._spawn(self._connect_broker())
        self._spawn(self.relay.run())
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
        for part in (self.broker.stop(), self.engine.dispose()):
            task = asyncio.ensure_future(part)
            done, _ = await asyncio.wait({task}, timeout=STOP_PART_S)
            if not done:
                task.cancel()
                log.warning("service.stop_abandoned", part=part.__qualname__)
            elif not task.cancelled() and task.exception() is not None:
                log.warning("service.stop_failed", error=repr(task.exception())[:300])
        await asyncio.to_thread(tracing.force_flush)  # spans still batched for the exporter


def build_app(definition: ServiceDefinition) -> FastAPI:
    settings = definition.settings
    configure_logging(definition.name, settings.log_level, settings.log_format)
    runtime = ServiceRuntime(definition)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        adopt_library_loggers()  # uvicorn (CLI) and FastStream set up their own handlers
        await runtime.start()
        log.info("service.started")
        yield
        await runtime.stop()
        log.info("service.stopped")

    app = docs_app(
        title=f"Pathways {definition.name}",
        description=definition.description,
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.verifier = TokenVerifier(settings)

    @app.middleware("http")
    async def correlation(request: Request, call_next: Callable[..., Any]) -> Any:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service=definition.name)
        request_id = str(uuid.uuid4())
        trace_id = tracing.trace_id()  # the server span's (none for probes)
        correlation_id = bind_work(
            request.headers.get("x-correlation-id"),
            request_id,
            **({"trace_id": trace_id} if trace_id else {}),
        )
        response = await call_next(request)
        response.headers["x-correlation-id"] = correlation_id
        return response

    install_error_handlers(app)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_request_bytes)
    app.add_middleware(LoadShedding, max_in_flight=settings.http_max_in_flight)
    # A server span per staff request (outermost: an incoming traceparent is honoured);
    # probes and scrapes are not traced.
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=tracing.provider(definition.name),
        excluded_urls="/health/,/metrics",
        exclude_spans=["receive", "send"],
    )

    app.include_router(health.router)
    logged = [Depends(log_admin_action)]  # admin.action: actor, route, target, outcome
    app.include_router(admin.router, dependencies=logged)
    app.include_router(admin_audit.router, dependencies=logged)
    app.include_router(retention_api.router, dependencies=logged)
    if definition.subject_access:
        app.include_router(subject_access_router(definition.subject_access))
    guard = [Depends(definition.caseload.guard)] if definition.caseload else []
    for router in definition.routers:
        app.include_router(router, dependencies=guard)
    return app
