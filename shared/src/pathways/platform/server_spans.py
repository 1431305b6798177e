"""A server span per staff request, the kit's own ASGI middleware (outermost, so an incoming
W3C `traceparent` is honoured): named `METHOD /route/{template}`, with the method, the route
template and the status code only (span_redaction drops anything else anyway).

It replaces OpenTelemetry's FastAPI instrumentation, which per request walks every route
again to find the template, parses and records headers and keeps metrics histograms: a
sizeable share of a cheap read (issue 14). Probes and scrapes are not traced."""

from __future__ import annotations

from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pathways.platform.tracing import context_of

NOT_TRACED = ("/health/", "/metrics")


class ServerSpans:
    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NOT_TRACED):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        parent = context_of(_traceparent(scope))
        status: list[int] = []

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        with self.tracer.start_as_current_span(
            method,
            context=parent,
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method},
        ) as span:
            try:
                await self.app(scope, receive, sending)
            finally:
                template = getattr(scope.get("route"), "path", None)
                if template:
                    span.update_name(f"{method} {template}")
                    span.set_attribute("http.route", template)
                if status:
                    span.set_attribute("http.response.status_code", status[0])
                    if status[0] >= 500:
                        span.set_status(Status(StatusCode.ERROR))


def _traceparent(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"traceparent":
            text: Any = value.decode("latin-1")
            return text if len(text) <= 128 else None
    return None
