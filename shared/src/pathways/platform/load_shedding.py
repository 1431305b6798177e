"""Load shedding: at most HTTP_MAX_IN_FLIGHT staff requests are worked on at once per
process; one more is answered at once with 503 `overloaded` and `Retry-After: 1`.

Without a bound, an overload (200 requests in flight) makes every request slow — each waits
on the database pool and the event loop behind all the others — and throughput collapses
(issue 14: 77/s achieved at 200/s asked). Refusing the excess keeps the requests taken fast;
a client (or the load balancer) retries the refused ones elsewhere or a moment later.
Health probes and metrics are never shed: a busy replica is alive and ready."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from pathways.platform.http_errors import error_response

DEFAULT_MAX_IN_FLIGHT = 64
RETRY_AFTER_SECONDS = 1
NEVER_SHED = ("/health/", "/metrics")


class LoadShedding:
    def __init__(self, app: ASGIApp, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self.shed = 0  # refused since start (a counter for tests and benches)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or self.max_in_flight <= 0
            or scope["path"].startswith(NEVER_SHED)
        ):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            self.shed += 1
            message = "too many requests in progress; retry in a moment"
            headers = {"retry-after": str(RETRY_AFTER_SECONDS)}
            await error_response(503, "overloaded", message, headers=headers)(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
