"""Liveness, readiness (database, broker, outbox; with queue and dead-letter depth),
Prometheus metrics and the service's AsyncAPI document.

Readiness is 503 `not_ready` when the database or the broker does not answer, or the outbox
is stuck (its oldest unpublished row is older than OUTBOX_STUCK_SECONDS); 200 `degraded` when
all of that holds but outbox rows are parked (refused by the broker for good: an operator
must look); else 200 `ready`."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from pathways.messaging import metrics
from pathways.messaging.dead_letters import waiting_dead_letters
from pathways.messaging.outbox_status import outbox_status
from pathways.platform.asyncapi import build_document

router = APIRouter(tags=["operations"])


@router.get("/health/live")
async def live() -> dict[str, str]:
    """Liveness: the process answers (nothing else is checked)."""
    return {"status": "ok"}


async def _database_ok(runtime: Any) -> bool:
    try:
        async with runtime.sessions() as session:
            await asyncio.wait_for(session.execute(text("SELECT 1")), 3)
        return True
    except Exception:
        return False


async def _broker_ok(runtime: Any) -> bool:
    if not runtime.broker_connected:
        return False
    try:
        return bool(await runtime.broker.ping(timeout=3))
    except Exception:
        return False


@router.get("/health/ready")
async def ready(request: Request) -> JSONResponse:
    """Readiness: 503 `not_ready` when the database or broker does not answer or the outbox
    is stuck; 200 `degraded` when outbox rows are parked; else 200 `ready`."""
    runtime = request.app.state.runtime
    database, broker = await asyncio.gather(_database_ok(runtime), _broker_ok(runtime))
    # messaging: red from a lost broker (topics or groups gone) until events flow again.
    checks = {"database": database, "broker": broker, "messaging": runtime.broker_watch.ok}
    body: dict[str, Any] = {"checks": checks}
    parked = 0
    if database:
        stuck_after = runtime.settings.outbox_stuck_seconds
        async with runtime.sessions() as session:
            outbox = await outbox_status(session)
            waiting = await waiting_dead_letters(session)
        checks["outbox"] = not outbox.stuck(stuck_after)
        parked = outbox.parked
        body["outbox"] = outbox.as_json(stuck_after)
        body["outbox_backlog"] = outbox.backlog
        body["dead_letters"] = waiting
        for consumer, count in waiting.items():
            metrics.DEAD_LETTERS.labels(consumer).set(count)
    ok = all(checks.values())
    body["status"] = "not_ready" if not ok else "degraded" if parked else "ready"
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get("/metrics")
async def prometheus_metrics() -> Response:
    """Prometheus metrics: events consumed and published, batch timings, outbox, dead letters."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get("/asyncapi")
async def asyncapi(request: Request) -> dict[str, Any]:
    """The AsyncAPI 3 document: the topics this service publishes and consumes, each
    event's CloudEvent envelope with its `data`, the Kafka key and headers."""
    runtime = request.app.state.runtime
    definition = runtime.definition
    return build_document(
        definition.name,
        definition.description,
        runtime.settings.kafka_bootstrap_servers,
        definition.publishes,
        definition.consumers,
    )
