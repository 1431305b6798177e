"""Distributed tracing with OpenTelemetry: one tracer provider per process, spans for staff
requests (FastAPI instrumentation), for every event a consumer applies and for every event the
outbox relay publishes, the W3C `traceparent` carried in the outbox row and the Kafka headers.

Spans are always made, so a trace runs through a service even where nothing is exported;
they leave the process only through the exporter the settings name (`OTEL_TRACES_EXPORTER`):
none by default, `otlp` (also chosen by `OTEL_EXPORTER_OTLP_ENDPOINT` alone), `console`,
`jsonl` (one JSON span a line, appended to `TRACING_FILE`: for tests) or `memory`
(in-process tests, `memory_exporter()`). Exported spans carry only the attributes of
`redaction.py`'s allow-list: ids, event types, routes and status codes, never personal data."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Span, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from pathways.platform.settings import ServiceSettings
from pathways.platform.span_redaction import Redacting

TRACEPARENT = "traceparent"
_W3C = TraceContextTextMapPropagator()
_provider: TracerProvider | None = None
_exporters: dict[str, SpanExporter] = {}  # what this process exports to, by kind and target


def provider(service: str = "pathways") -> TracerProvider:
    """The process's tracer provider (made once, named after the first service asking)."""
    global _provider
    if _provider is None:
        resource = Resource.create({"service.name": f"pathways-{service}"})
        _provider = TracerProvider(resource=resource)  # sampler: OTEL_TRACES_SAMPLER
    return _provider


def tracer(service: str) -> Tracer:
    return provider(service).get_tracer(f"pathways.{service}")


def exporter_kind(settings: ServiceSettings) -> str:
    chosen = settings.otel_traces_exporter
    if chosen:
        return chosen
    endpoint = settings.otel_exporter_otlp_traces_endpoint or settings.otel_exporter_otlp_endpoint
    return "otlp" if endpoint else "none"


def configure_tracing(service: str, settings: ServiceSettings) -> Tracer:
    """The service's tracer, exporting as the settings say (each exporter added once)."""
    provider(service)  # the process's resource names the first service configured
    kind = exporter_kind(settings)
    if kind == "memory":
        memory_exporter()
    elif kind == "jsonl":
        path = settings.tracing_file or f"var/{service}-spans.jsonl"
        _add(f"jsonl:{path}", lambda: _jsonl_exporter(path), simple=True)
    elif kind == "console":
        _add("console", ConsoleSpanExporter, simple=False)
    elif kind == "otlp":
        endpoint = _otlp_endpoint(settings)
        _add(f"otlp:{endpoint}", lambda: _otlp_exporter(endpoint), simple=False)
    return tracer(service)


def memory_exporter() -> InMemorySpanExporter:
    """Every span this process ends from now on, kept in memory (for tests)."""
    exporter = _add("memory", InMemorySpanExporter, simple=True)
    assert isinstance(exporter, InMemorySpanExporter)
    return exporter


def force_flush() -> None:
    if _provider is not None:
        _provider.force_flush(2_000)  # bounded: a stop must not wait on a collector


def _add(key: str, make: Any, *, simple: bool) -> SpanExporter:
    if key not in _exporters:
        exporter: SpanExporter = make()
        inner: SpanProcessor = (
            SimpleSpanProcessor(exporter) if simple else BatchSpanProcessor(exporter)
        )
        provider().add_span_processor(Redacting(inner))
        _exporters[key] = exporter
    return _exporters[key]


def _jsonl_exporter(path: str) -> SpanExporter:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    return ConsoleSpanExporter(out=out, formatter=lambda span: span.to_json(indent=None) + "\n")


def _otlp_endpoint(settings: ServiceSettings) -> str | None:
    if settings.otel_exporter_otlp_traces_endpoint:
        return settings.otel_exporter_otlp_traces_endpoint
    base = settings.otel_exporter_otlp_endpoint.rstrip("/")
    return f"{base}/v1/traces" if base else None  # None: the exporter's own default


def _otlp_exporter(endpoint: str | None) -> SpanExporter:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=endpoint)  # headers, timeout: OTEL_EXPORTER_OTLP_*


# --------------------------------------------------------------------------- propagation


def traceparent_of(span: Span | None = None) -> str | None:
    """The W3C traceparent of `span` (default: the current span); None outside any span.
    Written as the W3C propagator writes it (no tracestate is kept), without its carrier."""
    ids = (span if span is not None else trace.get_current_span()).get_span_context()
    if not ids.is_valid:
        return None
    return f"00-{ids.trace_id:032x}-{ids.span_id:016x}-{ids.trace_flags:02x}"


def outgoing_headers() -> dict[str, str]:
    """The traceparent header of a call made in the current span ({} outside any span)."""
    traceparent = traceparent_of()
    return {TRACEPARENT: traceparent} if traceparent else {}


def trace_id() -> str | None:
    """The current trace's id (32 hex digits), for log lines; None outside any span."""
    context = trace.get_current_span().get_span_context()
    return trace.format_trace_id(context.trace_id) if context.is_valid else None


def context_of(traceparent: str | None) -> Context | None:
    """The remote parent a stored or received traceparent names (None: start a new trace; a
    malformed value is ignored the same way)."""
    if not traceparent:
        return None
    return _W3C.extract({TRACEPARENT: traceparent})


def header_traceparent(headers: Iterable[tuple[str, bytes | None]] | None) -> str | None:
    """The traceparent of a Kafka record's headers, if it has a plausible one."""
    for name, value in headers or ():
        if name.lower() == TRACEPARENT and value and len(value) <= 128:
            try:
                return value.decode("ascii")
            except UnicodeDecodeError:
                return None
    return None
