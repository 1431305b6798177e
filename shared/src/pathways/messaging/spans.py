"""The messaging spans: `process <topic>` for each event a consumer applies (or dead-letters),
continuing the trace of the record's `traceparent` header, and `send <topic>` for each outbox
row the relay publishes, continuing the trace stored in the row (the work that wrote the
event, not the relay's). Attributes are ids and types only (see platform/span_redaction.py).
With no exporter configured both are id-only (span_ids.py): same trace links, no SDK span."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

from opentelemetry import context, trace
from opentelemetry.trace import (
    Span,
    SpanKind,
    Status,
    StatusCode,
    Tracer,
)

from pathways.messaging.incoming import Incoming
from pathways.messaging.span_ids import id_only_span
from pathways.platform import tracing
from pathways.platform.tracing import (
    TRACEPARENT,
    context_of,
    header_traceparent,
    traceparent_of,
)

T = TypeVar("T")


def _process_attributes(consumer: str, group: str, record: Any) -> dict[str, Any]:
    return {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": record.topic,
        "messaging.destination.partition.id": str(record.partition),
        "messaging.kafka.offset": record.offset,
        "messaging.consumer.group.name": group,
        "pathways.consumer": consumer,
    }


def _start_process(tracer: Tracer, consumer: str, group: str, record: Any, **ids: Any) -> Span:
    if not exporting():  # nothing leaves the process: an id-only span, same trace links
        return id_only_span(header_traceparent(getattr(record, "headers", None)))
    attributes = _process_attributes(consumer, group, record)
    attributes.update({f"pathways.{k}": v for k, v in ids.items() if v is not None})
    if ids.get("event_id"):
        attributes["messaging.message.id"] = ids["event_id"]
    return tracer.start_span(
        f"process {record.topic}",
        context=context_of(header_traceparent(getattr(record, "headers", None))),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
    )


def exporting() -> bool:
    """Whether spans leave this process (an exporter is configured, `OTEL_TRACES_EXPORTER`)."""
    return bool(tracing._exporters)  # the kit's own registry of exporters (platform)


def processing(
    tracer: Tracer, consumer: str, group: str, incoming: Incoming
) -> AbstractContextManager[Incoming]:
    """The current span while one event is applied; gives the event with that span's
    traceparent, which the events it causes carry."""
    span = _start_process(
        tracer,
        consumer,
        group,
        incoming.record,
        event_id=incoming.event_id,
        event_type=incoming.event_type,
    )
    return _CurrentTillEnd(span, incoming.applied_under(traceparent_of(span)))


@contextlib.contextmanager
def processing_run(
    tracer: Tracer, consumer: str, group: str, run: Sequence[Incoming]
) -> Iterator[list[Incoming]]:
    """A span per event of a run a batch handler applies at once, each in its record's own
    trace; none is current (the handler emits with `caused_by=` the event it yields)."""
    spans = [
        _start_process(
            tracer, consumer, group, i.record, event_id=i.event_id, event_type=i.event_type
        )
        for i in run
    ]
    for span in spans:
        span.set_attribute("messaging.batch.message_count", len(run))
    with _ended_on_exit(spans):
        yield [i.applied_under(traceparent_of(s)) for i, s in zip(run, spans, strict=True)]


@contextlib.contextmanager
def dead_lettering(
    tracer: Tracer, consumer: str, group: str, record: Any, reason: str, **ids: Any
) -> Iterator[None]:
    """The current span while a record is dead-lettered (the dead letter's own message
    continues this trace), marked as an error."""
    span = _start_process(tracer, consumer, group, record, **ids)
    span.set_attribute("pathways.outcome", "dead_lettered")
    span.set_attribute("pathways.dead_letter_reason", reason)
    span.set_status(Status(StatusCode.ERROR))
    with _CurrentTillEnd(span, None):
        yield


def start_send(tracer: Tracer, row: Any) -> Span | None:
    """The span of publishing one outbox row, child of the trace stored in the row; None for
    a row stored outside any trace (published as it is). Id-only with no exporter."""
    stored = getattr(row, "traceparent", None)
    if not stored:
        return None
    if not exporting():  # nothing leaves the process: the trace goes on, no SDK span
        return id_only_span(stored)
    return tracer.start_span(
        f"send {row.topic}",
        context=context_of(stored),
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.system": "kafka",
            "messaging.operation.type": "send",
            "messaging.destination.name": row.topic,
            "messaging.message.id": row.event_id,
            "pathways.event_id": row.event_id,
            "pathways.event_type": row.event_type,
            "pathways.outbox_id": row.id,
        },
    )


def traced_headers(headers: dict[str, str], span: Span | None) -> dict[str, str]:
    """The headers to publish: with the send span's traceparent, when there is one."""
    if span is None:
        return headers
    traceparent = traceparent_of(span)
    return {**headers, TRACEPARENT: traceparent} if traceparent else headers


def failed(span: Span | None, exc: BaseException) -> None:
    if span is not None:
        span.set_status(Status(StatusCode.ERROR))
        span.set_attribute("exception.type", type(exc).__name__)


class _CurrentTillEnd(Generic[T]):
    """The current span (as `use_span`, at less cost: a consumer enters one per event) until
    the block ends, then ended; gives `value`."""

    def __init__(self, span: Span, value: T) -> None:
        self.span, self.value = span, value

    def __enter__(self) -> T:
        self.token = context.attach(trace.set_span_in_context(self.span))
        return self.value

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: object) -> None:
        if exc is not None:
            failed(self.span, exc)
        context.detach(self.token)
        self.span.end()


@contextlib.contextmanager
def _ended_on_exit(spans: Sequence[Span]) -> Iterator[None]:
    try:
        yield
    except BaseException as exc:
        for span in spans:
            failed(span, exc)
        raise
    finally:
        for span in spans:
            span.end()
