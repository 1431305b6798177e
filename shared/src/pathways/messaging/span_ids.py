"""Id-only spans: a span that records nothing but has its own id in its parent's trace (what a
consumer uses with no exporter configured), and the trace id a W3C traceparent names."""

from __future__ import annotations

import random
import re

from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, TraceFlags

# A W3C traceparent this kit can continue: version 00, trace id, parent id, flags.
_W3C_FORM = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
_FLAGS = (TraceFlags(0), TraceFlags(1))


def id_only_span(parent: str | None) -> Span:
    """A span that records nothing but has its own id in the parent's trace (a new trace
    without one): what the events it causes and the log lines carry, at a fraction of the
    cost of an SDK span (a third of a batch's time with no exporter)."""
    found = _W3C_FORM.fullmatch(parent) if parent else None
    trace_id = int(found[1], 16) if found else 0
    sampled = int(found[3], 16) & 1 if found else 1
    ids = SpanContext(
        trace_id or random.getrandbits(128) or 1,
        random.getrandbits(64) or 1,
        is_remote=False,
        trace_flags=_FLAGS[sampled],
    )
    return NonRecordingSpan(ids)


def trace_id_of(traceparent: str | None) -> str | None:
    """The trace id (32 hex digits) a W3C traceparent names, for log lines; else None."""
    found = _W3C_FORM.fullmatch(traceparent) if traceparent else None
    return found[1] if found else None
