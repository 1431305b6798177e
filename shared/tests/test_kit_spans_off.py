"""With no exporter the consumer's `process` spans and the relay's `send` spans are id-only
(nothing recorded, no SDK span made) yet still continue the record's or the outbox row's
trace: what its events, log lines and published headers carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.trace import INVALID_SPAN, NonRecordingSpan, SpanContext, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from pathways.messaging import spans
from pathways.messaging.incoming import Incoming
from pathways.messaging.span_ids import trace_id_of
from pathways.platform import tracing

PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@dataclass
class Record:
    headers: tuple[tuple[str, bytes], ...]
    topic: str = "pathways.intake"
    partition: int = 0
    offset: int = 7


def incoming(headers: tuple[tuple[str, bytes], ...]) -> Incoming:
    return Incoming(
        event_id="e-1", event_type="t", correlation_id="c", data=None, record=Record(headers)
    )


@pytest.fixture
def off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spans, "exporting", lambda: False)


def test_an_id_only_span_continues_the_records_trace(off: Any) -> None:
    tracer = tracing.tracer("kit")
    with spans.processing(tracer, "c", "g", incoming((("traceparent", PARENT.encode()),))) as e:
        assert tracing.trace_id() == "0af7651916cd43dd8448eb211c80319c"
        assert tracing.traceparent_of() == e.traceparent
        assert trace_id_of(e.traceparent) == tracing.trace_id()  # what log lines carry
    assert tracing.trace_id() is None  # no longer current once applied
    version, trace_id, span_id, flags = (e.traceparent or "").split("-")
    assert (version, trace_id, flags) == ("00", "0af7651916cd43dd8448eb211c80319c", "01")
    assert span_id not in ("b7ad6b7169203331", "0" * 16)  # a span of its own


def test_without_a_traceparent_each_event_starts_a_trace_and_a_run_keeps_them_apart(
    off: Any,
) -> None:
    tracer = tracing.tracer("kit")
    with spans.processing_run(tracer, "c", "g", [incoming(()), incoming(())]) as run:
        trace_ids = {i.traceparent.split("-")[1] for i in run if i.traceparent}
    assert len(trace_ids) == 2 and "0" * 32 not in trace_ids


@pytest.mark.parametrize("flags", [TraceFlags(0), TraceFlags(1)])
def test_a_traceparent_is_written_as_the_w3c_propagator_writes_it(flags: TraceFlags) -> None:
    ids = SpanContext(0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331, False, flags)
    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(
        carrier, trace.set_span_in_context(NonRecordingSpan(ids))
    )
    assert tracing.traceparent_of(NonRecordingSpan(ids)) == carrier["traceparent"]
    with trace.use_span(NonRecordingSpan(ids)):
        assert tracing.traceparent_of() == carrier["traceparent"]  # the current span's
    assert tracing.traceparent_of() is None and tracing.traceparent_of(INVALID_SPAN) is None


@dataclass
class OutboxRow:
    traceparent: str | None
    topic: str = "pathways.intake"
    event_id: str = "e-1"
    event_type: str = "t"
    id: int = 1


def test_a_send_span_continues_the_rows_trace_with_a_span_of_its_own(off: Any) -> None:
    span = spans.start_send(tracing.tracer("kit"), OutboxRow(PARENT))
    assert span is not None and not span.is_recording()
    headers = spans.traced_headers({"a": "b"}, span)
    version, trace_id, span_id, flags = headers["traceparent"].split("-")
    assert (version, trace_id, flags) == ("00", "0af7651916cd43dd8448eb211c80319c", "01")
    assert span_id not in ("b7ad6b7169203331", "0" * 16) and headers["a"] == "b"
    assert spans.start_send(tracing.tracer("kit"), OutboxRow(None)) is None  # sent as it is
