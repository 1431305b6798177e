"""Each staff request's log context and correlation id, as plain ASGI middleware.

Every log line of the request carries the service, a request id, the correlation id (the
caller's `x-correlation-id`, else a new one) and the server span's trace id; the response
returns the correlation id. Plain ASGI, not Starlette's `BaseHTTPMiddleware`: that one runs
each request in a task group and re-streams its body (~10% of a read's time)."""

from __future__ import annotations

import uuid

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pathways.messaging.context import bind_work
from pathways.platform import tracing


class Correlation:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service=self.service)
        trace_id = tracing.trace_id()  # the server span's (none for probes)
        correlation_id = bind_work(
            Headers(scope=scope).get("x-correlation-id"),
            str(uuid.uuid4()),
            **({"trace_id": trace_id} if trace_id else {}),
        )

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["x-correlation-id"] = correlation_id
            await send(message)

        await self.app(scope, receive, send_with_id)
