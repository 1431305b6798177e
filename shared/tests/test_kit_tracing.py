"""Tracing without a broker: the traceparent of the work that wrote an event is stored in its
outbox row and published by the relay in that trace (not the relay's); a consumer continues
each record's trace (a span per event, batch runs too) and the events it causes carry it; a
staff request honours an incoming traceparent; exported spans hold no personal data."""

from __future__ import annotations

import threading
import uuid
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import kit_service
import pytest
from kit_helpers import recategorised
from opentelemetry import trace
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select

from pathways.contracts import CloudEvent
from pathways.contracts.intake import PersonAssessed, PersonRecategorised
from pathways.messaging.relay import OutboxRelay
from pathways.messaging.tables import kit_metadata, outbox
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform import tracing
from pathways.platform.db import create_engine, session_factory
from pathways.platform.settings import ServiceSettings
from pathways.testing.service import bearer, running

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
INCOMING = f"00-{TRACE}-{PARENT}-01"


@pytest.fixture
def spans() -> InMemorySpanExporter:
    exporter = tracing.memory_exporter()
    exporter.clear()
    return exporter


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[Any]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/tracing.db")
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
        await conn.run_sync(kit_service.metadata.create_all)
    yield session_factory(engine)
    await engine.dispose()


class Recorder:
    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []

    async def __call__(self, topic: str, key: Any, payload: bytes, headers: dict) -> Any:
        self.headers.append(headers)
        return _done()


async def _done() -> None:
    return None


def ids(traceparent: str) -> tuple[str, str]:
    _, trace_id, span_id, _ = traceparent.split("-")
    return trace_id, span_id


def hexid(value: int, digits: int) -> str:
    return f"{value:0{digits}x}"


async def outbox_traceparents(sessions: Any) -> list[str | None]:
    async with sessions() as session:
        return list((await session.execute(select(outbox.c.traceparent))).scalars())


async def test_the_relay_publishes_in_the_trace_of_the_work_that_wrote_the_row(
    sessions: Any, spans: InMemorySpanExporter
) -> None:
    work = tracing.tracer("tests")
    with work.start_as_current_span("staff request") as request_span:
        async with UnitOfWork(sessions, source="tests") as uow:
            uow.emit(PersonRecategorised(person_id=uuid.uuid4(), category="D"))
            await uow.commit()
        written = tracing.traceparent_of()
    [stored] = await outbox_traceparents(sessions)
    assert stored == written
    assert ids(stored)[1] == hexid(request_span.get_span_context().span_id, 16)

    publisher = Recorder()
    relay = OutboxRelay(sessions, publisher, tracer=tracing.tracer("tests"))
    with work.start_as_current_span("relay pass") as relay_span:  # must not become the parent
        assert await relay.publish_pending() == 1
    [headers] = publisher.headers
    trace_id, send_span_id = ids(headers["traceparent"])
    assert trace_id == hexid(request_span.get_span_context().trace_id, 32)
    [send] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.PRODUCER]
    assert hexid(send.context.span_id, 16) == send_span_id
    assert send.parent.span_id == request_span.get_span_context().span_id
    assert send.parent.span_id != relay_span.get_span_context().span_id
    assert send.attributes["messaging.destination.name"] == "pathways.intake"


async def test_a_row_written_outside_any_trace_is_published_without_a_traceparent(
    sessions: Any,
) -> None:
    async with UnitOfWork(sessions, source="tests") as uow:
        uow.emit(PersonRecategorised(person_id=uuid.uuid4(), category="D"))
        await uow.commit()
    assert await outbox_traceparents(sessions) == [None]
    publisher = Recorder()
    await OutboxRelay(sessions, publisher).publish_pending()
    assert "traceparent" not in publisher.headers[0]


def record(event: CloudEvent, offset: int, traceparent: str | None) -> Any:
    headers = [("traceparent", traceparent.encode())] if traceparent else []
    return SimpleNamespace(
        topic="pathways.intake",
        partition=0,
        offset=offset,
        key=str(event.subject).encode(),
        value=event.to_bytes(),
        headers=headers,
        timestamp=0,
    )


def consumer_on(sessions: Any) -> Any:
    consumer = kit_service.make_consumer()
    consumer.uow_factory = lambda: UnitOfWork(sessions, source="pathways/kit")
    return consumer


async def test_a_consumer_continues_the_records_trace_and_its_events_carry_it(
    sessions: Any, spans: InMemorySpanExporter
) -> None:
    await consumer_on(sessions).apply([record(recategorised(uuid.uuid4()), 7, INCOMING)])
    [process] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CONSUMER]
    assert hexid(process.context.trace_id, 32) == TRACE
    assert hexid(process.parent.span_id, 16) == PARENT and process.parent.is_remote
    assert process.name == "process pathways.intake"
    assert process.attributes["pathways.event_type"] == "intake.person.recategorised.v1"
    assert process.attributes["messaging.kafka.offset"] == 7
    [caused] = await outbox_traceparents(sessions)
    assert ids(caused) == (TRACE, hexid(process.context.span_id, 16))


async def test_a_batch_run_gets_a_span_per_event_each_in_its_own_trace(
    sessions: Any, spans: InMemorySpanExporter
) -> None:
    traces = [uuid.uuid4().hex for _ in range(3)]
    records = [
        record(
            CloudEvent.wrap(
                PersonAssessed(
                    person_id=uuid.uuid4(), assessment_id=uuid.uuid4(), assessed_on="2026-11-30"
                ),
                source="t",
            ),
            n,
            f"00-{trace_id}-{PARENT}-01",
        )
        for n, trace_id in enumerate(traces)
    ]
    await consumer_on(sessions).apply(records)
    process = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CONSUMER]
    assert sorted(hexid(s.context.trace_id, 32) for s in process) == sorted(traces)
    assert all(s.attributes["messaging.batch.message_count"] == 3 for s in process)
    by_trace = {hexid(s.context.trace_id, 32): hexid(s.context.span_id, 16) for s in process}
    stored = [ids(tp) for tp in await outbox_traceparents(sessions) if tp]
    assert sorted(stored) == sorted(by_trace.items())


async def test_a_dead_letter_is_a_failed_span_in_the_records_trace(
    sessions: Any, spans: InMemorySpanExporter
) -> None:
    bad = SimpleNamespace(**{**vars(record(recategorised(uuid.uuid4()), 3, INCOMING))})
    bad.value = b"not json"
    await consumer_on(sessions).apply([bad])
    [process] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CONSUMER]
    assert hexid(process.context.trace_id, 32) == TRACE
    assert process.attributes["pathways.outcome"] == "dead_lettered"
    assert process.status.status_code is trace.StatusCode.ERROR
    [dlq] = await outbox_traceparents(sessions)  # the dead letter's message: same trace
    assert ids(dlq)[0] == TRACE


async def test_a_staff_request_honours_the_incoming_traceparent_and_says_nothing_personal(
    tmp_path: Path, dev_key_file: str, spans: InMemorySpanExporter
) -> None:
    settings = kit_service.KitSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/kit.db",
        kafka_bootstrap_servers="127.0.0.1:9",  # nothing there: the outbox just fills
        auth_dev_key_file=dev_key_file,
        otel_traces_exporter="memory",
    )
    app = kit_service.build(settings)
    await kit_service.create_tables(app)
    person = uuid.uuid4()
    async with running(app) as client:
        response = await client.post(
            f"/cases/{person}?name=Jane%20Doe",
            headers={**bearer(settings, "family"), "traceparent": INCOMING},
        )
        assert response.status_code == 201, response.text
        traceparents = await outbox_traceparents(app.state.runtime.sessions)
    [server] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert hexid(server.context.trace_id, 32) == TRACE
    assert hexid(server.parent.span_id, 16) == PARENT
    assert server.attributes["http.route"] == "/cases/{person_id}"
    assert [ids(tp)[0] for tp in traceparents] == [TRACE]
    said = repr(server.attributes) + repr([e.attributes for e in server.events])
    assert "Jane" not in said and "127.0.0.1" not in said and str(person) not in said


def test_redaction_keeps_ids_and_types_only(spans: InMemorySpanExporter) -> None:
    work = tracing.tracer("tests")
    with (
        pytest.raises(ValueError),
        work.start_as_current_span(
            "GET /people/{person_id}",
            attributes={
                "http.route": "/people/{person_id}",
                "http.url": "http://x/people/1?name=Jane",
                "net.peer.ip": "10.1.2.3",
                "http.user_agent": "Mozilla",
                "pathways.event_type": "intake.person.released.v1",
            },
        ),
    ):
        raise ValueError("Jane Doe, born 1990-01-01")
    [span] = spans.get_finished_spans()
    assert dict(span.attributes) == {
        "http.route": "/people/{person_id}",
        "pathways.event_type": "intake.person.released.v1",
    }
    assert [dict(e.attributes) for e in span.events] == [{"exception.type": "ValueError"}]
    assert span.status.description is None


def test_export_is_off_by_default_and_an_otlp_endpoint_turns_it_on() -> None:
    assert tracing.exporter_kind(ServiceSettings()) == "none"
    endpoint = ServiceSettings(otel_exporter_otlp_endpoint="http://collector:4318/")
    assert tracing.exporter_kind(endpoint) == "otlp"
    assert tracing._otlp_endpoint(endpoint) == "http://collector:4318/v1/traces"
    chosen = ServiceSettings(otel_traces_exporter="none", otel_exporter_otlp_endpoint="http://c")
    assert tracing.exporter_kind(chosen) == "none"


def test_the_otlp_exporter_posts_the_spans_to_the_collector() -> None:
    received: list[tuple[str, str, bytes]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Content-Type"], body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = ServiceSettings(
            otel_exporter_otlp_endpoint=f"http://127.0.0.1:{server.server_port}"
        )
        provider = TracerProvider()  # not the process's: this collector goes away after
        provider.add_span_processor(
            SimpleSpanProcessor(tracing._otlp_exporter(tracing._otlp_endpoint(settings)))
        )
        with provider.get_tracer("tests").start_as_current_span("send pathways.intake"):
            pass
        provider.shutdown()
    finally:
        server.shutdown()
    [(path, content_type, body)] = received
    assert (path, content_type) == ("/v1/traces", "application/x-protobuf")
    request = ExportTraceServiceRequest.FromString(body)
    [span] = request.resource_spans[0].scope_spans[0].spans
    assert span.name == "send pathways.intake"
