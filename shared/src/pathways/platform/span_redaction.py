"""What an exported span may say: an allow-list of attributes (ids, event types, routes,
status codes), applied to every span before any exporter sees it. Whatever else an
instrumentation records is dropped: the full URL and query string (`?name=`), the client's
address, the user agent, exception messages and stack traces (they can quote a request or an
event), a status description."""

from __future__ import annotations

from opentelemetry.context import Context
from opentelemetry.sdk.trace import Event, ReadableSpan, Span, SpanProcessor
from opentelemetry.trace import Link, Status

ALLOWED = frozenset(
    {
        # HTTP server spans (old and stable semantic conventions): the route template only.
        "http.method",
        "http.request.method",
        "http.route",
        "http.status_code",
        "http.response.status_code",
        "http.scheme",
        "url.scheme",
        "http.flavor",
        "network.protocol.version",
        "error.type",
        # Messaging spans.
        "messaging.system",
        "messaging.operation.type",
        "messaging.operation.name",
        "messaging.destination.name",
        "messaging.destination.partition.id",
        "messaging.consumer.group.name",
        "messaging.kafka.offset",
        "messaging.message.id",
        "messaging.batch.message_count",
        # The kit's own: ids and types only.
        "pathways.event_type",
        "pathways.event_id",
        "pathways.consumer",
        "pathways.outcome",
        "pathways.dead_letter_reason",
        "pathways.outbox_id",
        "pathways.correlation_id",
        "exception.type",
    }
)


def _allowed(attributes: object) -> dict:
    items = dict(attributes or {})  # type: ignore[call-overload]
    return {k: v for k, v in items.items() if k in ALLOWED}


def redacted(span: ReadableSpan) -> ReadableSpan:
    """A copy of `span` with only allowed attributes (on the span, its events and links)."""
    status = span.status
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=_allowed(span.attributes),
        events=[Event(e.name, _allowed(e.attributes), e.timestamp) for e in span.events],
        links=[Link(link.context, _allowed(link.attributes)) for link in span.links],
        kind=span.kind,
        status=Status(status.status_code),  # the description may quote an exception
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class Redacting(SpanProcessor):
    """Hands `inner` (and so its exporter) only redacted copies of ended spans."""

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self._inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self._inner.on_end(redacted(span))

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self._inner.force_flush(timeout_millis)
