"""Distributed tracing end to end: each service process exports its spans to a JSON-lines file
(`OTEL_TRACES_EXPORTER=jsonl`, set by the platform fixture), and one piece of work makes one
connected trace across the services it reaches.

- A release from the prison feed, whose record carries a `traceparent` (as a traced bridge
  would send it): intake applies it in that trace, and mentoring, family and placements apply
  intake's release event in it too, down to placements' referral for the released mentor.
- A staff referral through intake's API with a `traceparent` header: the server span honours
  it and the referral's consumers continue it.
Every span of the trace is parented on another span of it (or on the caller's span), and no
span file holds the person's prison number (it is in query strings the services answered)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import pytest
from confluent_kafka import Producer
from e2e_platform import Feed, Platform, eventually, movement
from e2e_story import Person, Story

from pathways.contracts import HMPPS_TOPIC
from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
TRACED = ("intake", "mentoring", "family", "placements")


def new_traceparent() -> tuple[str, str, str]:
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, span_id, f"00-{trace_id}-{span_id}-01"


def trace_spans(platform: Platform, trace_id: str) -> dict[str, list[dict[str, Any]]]:
    """The spans of one trace, by service."""
    return {
        name: [s for s in spans if s["context"]["trace_id"] == f"0x{trace_id}"]
        for name, spans in platform.spans().items()
    }


def assert_connected(by_service: dict[str, list[dict[str, Any]]], caller_span: str) -> None:
    """Every span's parent is the caller's span or another span of the trace."""
    spans = [s for found in by_service.values() for s in found]
    ids = {s["context"]["span_id"] for s in spans} | {f"0x{caller_span}"}
    orphans = [(s["name"], s["parent_id"]) for s in spans if s["parent_id"] not in ids]
    assert not orphans, f"spans whose parent is not in the trace: {orphans}"
    roots = [s for s in spans if s["parent_id"] == f"0x{caller_span}"]
    assert len(roots) == 1, f"one span continues the caller's: {[s['name'] for s in roots]}"


def processed(spans: list[dict[str, Any]], topic: str, event_type: str) -> bool:
    return any(
        s["name"] == f"process {topic}" and s["attributes"].get("pathways.event_type") == event_type
        for s in spans
    )


def released_with_traceparent(story: Story, person: Person, traceparent: str) -> None:
    person.released_at = story.started - timedelta(minutes=1)
    message = movement(
        Feed.EVENTS_RELEASED, person.noms, story.prison, "RELEASED", person.released_at
    )
    producer = Producer({"bootstrap.servers": story.platform.bootstrap, "log_level": 3})
    producer.produce(
        HMPPS_TOPIC,
        json.dumps(message).encode(),
        key=person.noms.encode(),
        headers=[("traceparent", traceparent.encode())],
    )
    assert producer.flush(15) == 0


def test_one_release_from_the_feed_is_one_trace_across_the_services(platform: Platform) -> None:
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    mentor = Person("mentor M", noms=unique_prison_number())
    story.others.append(mentor)
    try:
        story.receive_from_feed(mentor, days_ago=60)
        story.intake.refer(mentor.person_id, story.today, ["alcohol"])
        eventually(lambda: story.family.open_case(mentor.person_id), what="family case")
        mentor.mentor_id = story.mentoring.train_and_qualify(
            mentor.person_id, story.prison, story.today
        )
        trace_id, caller, traceparent = new_traceparent()
        released_with_traceparent(story, mentor, traceparent)
        eventually(
            lambda: _assert(story.placements.referrals(mentor.person_id)),
            what="placement referral after the release",
        )
        platform.wait_quiet()

        def connected() -> dict[str, list[dict[str, Any]]]:
            by_service = trace_spans(platform, trace_id)
            assert all(by_service.get(name) for name in TRACED), {
                k: len(v) for k, v in by_service.items()
            }
            assert processed(
                by_service["intake"], HMPPS_TOPIC, "prison-offender-events.prisoner.released"
            )
            for name in ("mentoring", "family", "placements"):
                assert processed(
                    by_service[name], "pathways.intake", "intake.person.released.v1"
                ), name
            return by_service

        by_service = eventually(connected, timeout=20, what="one trace in every service")
        assert_connected(by_service, caller)
        [root] = [s for s in by_service["intake"] if s["parent_id"] == f"0x{caller}"]
        assert root["name"] == f"process {HMPPS_TOPIC}"
        sends = [s for s in by_service["intake"] if s["name"] == "send pathways.intake"]
        assert any(
            s["attributes"]["pathways.event_type"] == "intake.person.released.v1" for s in sends
        )
        assert_nothing_personal(platform, mentor)
    finally:
        story.close()


def test_a_staff_request_starts_one_trace_through_the_services_it_reaches(
    platform: Platform,
) -> None:
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    person = Person("referred R", noms=unique_prison_number())
    story.others.append(person)
    try:
        story.receive_from_feed(person)
        trace_id, caller, traceparent = new_traceparent()
        story.intake.call(
            "POST",
            f"/people/{person.person_id}/referrals",
            201,
            json={
                "referred_on": story.today.isoformat(),
                "source": "reception_screening",
                "substances": ["alcohol"],
                "urgency": "urgent",
                "consents": [
                    {"recipient": team, "granted": True}
                    for team in ("mentoring", "family", "placements")
                ],
            },
            headers={"traceparent": traceparent},
        )
        platform.wait_quiet()

        def connected() -> dict[str, list[dict[str, Any]]]:
            by_service = trace_spans(platform, trace_id)
            for name in ("mentoring", "family", "placements"):
                assert processed(
                    by_service[name], "pathways.intake", "intake.person.referred.v1"
                ), name
            return by_service

        by_service = eventually(connected, timeout=20, what="the referral's trace downstream")
        assert_connected(by_service, caller)
        [server] = [s for s in by_service["intake"] if s["parent_id"] == f"0x{caller}"]
        assert server["kind"] == "SpanKind.SERVER"
        assert server["attributes"]["http.route"] == "/people/{person_id}/referrals"
        assert_nothing_personal(platform, person)
    finally:
        story.close()


def assert_nothing_personal(platform: Platform, person: Person) -> None:
    """The prison number was in query strings (`GET /people?prison_number=`) and feed messages:
    no span of any service says it."""
    for name, spans in platform.spans().items():
        text = json.dumps(spans)
        assert person.noms not in text, f"{name}'s spans name {person}"


def _assert(found: list[Any]) -> list[Any]:
    assert found, "nothing yet"
    return found
