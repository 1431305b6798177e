"""The service chassis: one function builds a service's ASGI app — FastAPI staff API,
FastStream subscribers and the outbox relay in one process, started and stopped cleanly,
with health, metrics, AsyncAPI and OpenAPI. The live parts are `runtime.ServiceRuntime`."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

import structlog
from fastapi import Depends, FastAPI

from pathways.platform import admin, admin_audit, health, retention_api, tracing
from pathways.platform.admin_log import log_admin_action
from pathways.platform.api_docs import docs_app
from pathways.platform.correlation import Correlation
from pathways.platform.http_errors import install_error_handlers
from pathways.platform.load_shedding import LoadShedding
from pathways.platform.logging import adopt_library_loggers, configure_logging
from pathways.platform.request_guard import RequestGuard
from pathways.platform.runtime import BackgroundJob, ServiceDefinition, ServiceRuntime
from pathways.platform.security import TokenVerifier
from pathways.platform.server_spans import ServerSpans
from pathways.platform.subject_access import subject_access_router

__all__ = ["BackgroundJob", "ServiceDefinition", "ServiceRuntime", "build_app"]
log = structlog.get_logger("pathways.service")


def build_app(definition: ServiceDefinition) -> FastAPI:
    settings = definition.settings
    configure_logging(definition.name, settings.log_level, settings.log_format)
    runtime = ServiceRuntime(definition)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        adopt_library_loggers()  # uvicorn (CLI) and FastStream set up their own handlers
        await runtime.start()
        gc.freeze()  # what start-up built lives on: later collections skip it
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

    app.add_middleware(Correlation, service=definition.name)  # innermost of these
    install_error_handlers(app)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_request_bytes)
    app.add_middleware(LoadShedding, max_in_flight=settings.http_max_in_flight)
    # A server span per staff request (outermost: an incoming traceparent is honoured);
    # probes and scrapes are not traced.
    app.add_middleware(ServerSpans, tracer=tracing.tracer(definition.name))

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
