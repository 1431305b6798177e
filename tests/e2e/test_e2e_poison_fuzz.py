"""Fuzzing every consumer of the running platform: generated malformed records on every consumed
topic, then a real piece of work whose events cross all four public topics. Every consumer
stays alive, every malformed record is dead-lettered by each consumer that must refuse it, no
more and no less, every valid event is applied, and every outbox drains.

The platform is its own (the poison stays on the public topics, which the other e2e tests read
as a contract-only stream). Examples are few and derandomized: each one is a whole round trip."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from confluent_kafka import Producer
from e2e_platform import Platform, eventually, read_topics, running_platform, topic_ends
from e2e_poison import POISON, Poison, applied, dead_letter_origins
from e2e_story import Person, Story
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pathways.contracts import HMPPS_TOPIC, PUBLIC_TOPICS, CloudEvent, parse_data
from pathways.intake.domain.prisons import PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.resilience]
ISSUE_CASES = [
    Poison("pathways.mentoring", b'{"a":', (("content-type", b"application/json"),)),
    Poison("pathways.intake", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    Poison(
        HMPPS_TOPIC,
        b'{"eventType": "prisoner-offender-search.prisoner.received", "occurredAt": '
        b'"9999-12-31T23:59:59-05:00", "additionalInformation": {"nomsNumber": "A1234BC", '
        b'"prisonId": "BAI", "reason": "NEW_ADMISSION"}}',
    ),
    Poison(
        "pathways.family",
        b'{"specversion": "1.0", "id": "x-5000", "source": "s", "type": "family.case.opened.v1",'
        b' "time": "2026-11-27T09:30:00Z", "data": {"deep": '
        + b'{"x":' * 5_000
        + b"1"
        + b"}" * 5_000
        + b"}}",
    ),
]


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def fuzzed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    workdir: Path = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with running_platform(request.param, workdir) as platform:
        yield platform


def _publish(platform: Platform, records: list[Poison]) -> list[tuple[Poison, tuple]]:
    """Each record under a key of its own; returns it with where it landed."""
    landed: list[tuple[Poison, tuple]] = []
    producer = Producer({"bootstrap.servers": platform.bootstrap, "log_level": 3})
    for n, record in enumerate(records):

        def done(error, message, record=record) -> None:
            assert error is None, error
            landed.append((record, (message.topic(), message.partition(), message.offset())))

        producer.produce(
            record.topic, record.value, key=f"fuzz-{n}".encode(), headers=list(record.headers),
            on_delivery=done,
        )  # fmt: skip
        producer.poll(0)
    assert producer.flush(30) == 0
    return landed


def _expected(platform: Platform, landed: list[tuple[Poison, tuple]]) -> dict[str, set]:
    """Which service must dead-letter which record: every consumer of its topic, but a known
    type with bad data only where that type is handled (elsewhere it is skipped unread)."""
    consumes = {}
    for service in platform.services.values():
        document = httpx.get(f"{service.url}/asyncapi", timeout=10).json()
        consumes.update(document.get("x-pathways-consumes", {}))
    expected: dict[str, set] = {name: set() for name in platform.services}
    for record, where in landed:
        for group, spec in consumes.items():
            if record.topic not in spec["topics"]:
                continue
            skipped = record.invalid_data_of not in (None, *spec["events"])
            if not skipped or record.topic == HMPPS_TOPIC:
                expected[group.split(".")[1]].add(where)
    return expected


def _valid_work(platform: Platform) -> Story:
    """Receptions, a mentor, a family case and a release: events on all four public topics,
    each published by the service that owns it."""
    prison = unique_prison_code(among=PRISONS)  # one intake knows, no other test's
    story = Story(platform, prison)
    # hypothesis seeds `random` alike for every example: prison numbers from uuid4 instead
    story.mentor_a, story.mentee = Person("mentor A", _noms()), Person("mentee X", _noms())
    story.receive_from_feed(story.mentor_a, story.mentee)
    eventually(lambda: story.mentoring.enrol(story.mentor_a.person_id, prison), what="enrolled")
    story.intake.refer(story.mentee.person_id, story.today, ["opiates"])  # consents to all teams
    story.open_family_case()
    story.release_from_feed(story.mentee)
    eventually(lambda: story.placements.referrals(story.mentee.person_id) or None, what="ref")
    return story


def _noms() -> str:
    """A fresh prison number (one letter, four digits, two letters)."""
    return unique_prison_number()


def _valid_events_since(platform: Platform, start: dict, poison: set) -> list[CloudEvent]:
    events: dict[str, CloudEvent] = {}
    for message in read_topics(platform.bootstrap, PUBLIC_TOPICS):
        where = (message.topic(), message.partition(), message.offset())
        if where in poison or message.offset() < start.get(where[:2], 0):
            continue
        envelope = CloudEvent.model_validate_json(message.value())
        parse_data(envelope)
        events[envelope.id] = envelope
    return list(events.values())


def _handled_counts(platform: Platform, events: list[CloudEvent], feed: int) -> dict[str, int]:
    counts = {name: 0 for name in platform.services}
    for service_name, service in platform.services.items():
        document = httpx.get(f"{service.url}/asyncapi", timeout=10).json()
        for spec in document.get("x-pathways-consumes", {}).values():
            if HMPPS_TOPIC in spec["topics"]:
                counts[service_name] += feed
            handled = set(spec["events"])
            counts[service_name] += sum(
                1 for e in events if e.type in handled and f"pathways.{e.type.split('.')[0]}"
                in spec["topics"]
            )  # fmt: skip
    return counts


@settings(
    max_examples=2,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],  # no shrinking: each example is a whole round trip
    suppress_health_check=list(HealthCheck),
)
@given(generated=st.lists(POISON, min_size=60, max_size=80))
def test_malformed_records_on_every_topic_are_dead_lettered_and_nothing_else_lost(
    fuzzed: Platform, generated: list[Poison]
) -> None:
    platform, records = fuzzed, [*ISSUE_CASES, *generated]  # the issue's cases every time
    platform.wait_quiet()
    start = topic_ends(platform.bootstrap, PUBLIC_TOPICS)
    letters_before, applied_before = dead_letter_origins(platform), applied(platform)

    landed = _publish(platform, records)
    story = _valid_work(platform)
    with contextlib.closing(story):
        platform.wait_quiet(timeout=120)

    assert all(s.is_ready() for s in platform.services.values()), "every consumer is alive"
    expected = _expected(platform, landed)
    assert sum(map(len, expected.values())) >= len(records), "each record refused somewhere"
    letters = dead_letter_origins(platform)
    for name in platform.services:
        assert letters[name] - letters_before[name] == expected[name], name

    poison = {where for _, where in landed}
    events = _valid_events_since(platform, start, poison)
    assert {e.type.split(".")[0] for e in events} >= {"intake", "mentoring", "family"}
    feed_movements = len(story.feed.sent)
    want = _handled_counts(platform, events, feed_movements)
    got = applied(platform)
    assert {n: got.get(n, 0) - applied_before.get(n, 0) for n in want} == want
