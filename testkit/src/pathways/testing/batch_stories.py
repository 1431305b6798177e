"""Mixed custody stories of many people as one consumer batch, for the equivalence tests of
the set-based consumers: the same records applied as one batch (staged, set-based) and one
event at a time must leave the same rows and the same outbox events.

Each person follows one of a few stories (reception, referral with or without consent,
consent changes, schedules, transfers, wing moves, temporary absences, releases, recalls,
a mentor's qualification), their events interleaved with everyone else's in one batch while
each person's own stay in order, as they would on a partition keyed by person."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from pathways.contracts import EventData, intake, mentoring
from pathways.testing import intake_events as ev
from pathways.testing.ids import unique_prison_number
from pathways.testing.records import FakeKafkaRecord, record_of

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
Story = Callable[[UUID, str, str, datetime], list[EventData]]


def _all(*teams: str) -> intake.SharingConsent:
    return ev.consent(*(teams or ("mentoring", "family", "placements")))


def _released(p: UUID, prison: str, at: datetime, number: str) -> EventData:
    return ev.released(p, prison, at, destination_area="Lambeth", prison_number=number)


def released_after_referral(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    return [
        ev.received(p, prison, t, location="A", prison_number=number),
        ev.referred(p, prison, _all()),
        intake.ReleaseScheduled(
            person_id=p,
            prison_code=prison,
            expected_on=(t + timedelta(days=30)).date(),
            release_type="conditional_release",
        ),
        _released(p, prison, t + timedelta(days=30), number),
    ]


def recalled(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    return [
        ev.received(p, prison, t, prison_number=number),
        ev.referred(p, prison, _all()),
        _released(p, prison, t + timedelta(days=10), number),
        ev.received(
            p,
            prison,
            t + timedelta(days=20),
            reason=intake.ReceptionReason.READMISSION,
            prison_number=number,
        ),
    ]


def consent_later(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    return [
        ev.received(p, prison, t, location="B", prison_number=number),
        ev.referred(p, prison, None),
        ev.consent_changed(p, _all(), t + timedelta(days=1)),
        ev.transferred(p, prison, "WDI", t + timedelta(days=2)),
        _released(p, "WDI", t + timedelta(days=40), number),
    ]


def consent_withdrawn(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    return [
        ev.received(p, prison, t, prison_number=number),
        ev.referred(p, prison, _all()),
        ev.consent_changed(p, _all("placements"), t + timedelta(days=1)),
        _released(p, prison, t + timedelta(days=9), number),
    ]


def moves(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    absence = uuid4()
    kind = intake.TemporaryAbsenceKind.ROTL_DAY
    out = {
        "person_id": p,
        "absence_id": absence,
        "kind": kind,
        "prison_code": prison,
        "starts_at": t + timedelta(days=3),
        "ends_at": t + timedelta(days=3, hours=8),
    }
    return [
        ev.received(p, prison, t, location="C", prison_number=number),
        intake.PersonLocationChanged(
            person_id=p, prison_code=prison, location="D", changed_at=t + timedelta(days=1)
        ),
        intake.TemporaryAbsenceStarted(**out),
        intake.TemporaryAbsenceEnded(**out),
        _released(p, prison, t + timedelta(days=5), number),
        _released(p, prison, t + timedelta(days=5), number),  # the same fact published twice
    ]


def qualified_mentor(p: UUID, prison: str, number: str, t: datetime) -> list[EventData]:
    return [
        ev.received(p, prison, t, prison_number=number),
        mentoring.MentorQualified(
            mentor_id=uuid4(), person_id=p, award="peer mentor", awarded_on=date(2026, 2, 1)
        ),
        _released(p, prison, t + timedelta(days=3), number),
        ev.received(
            p,
            prison,
            t + timedelta(days=8),
            reason=intake.ReceptionReason.READMISSION,
            prison_number=number,
        ),
    ]


STORIES: tuple[Story, ...] = (
    released_after_referral,
    recalled,
    consent_later,
    consent_withdrawn,
    moves,
    qualified_mentor,
)


def stories(
    people: int, prison: str, *, seed: int = 14, person_ids: Sequence[UUID] = ()
) -> list[EventData]:
    """`people` stories at `prison` (of `person_ids` first, if given), interleaved at
    random, each person's events in order."""
    chance = random.Random(seed)
    ids = [*person_ids, *(uuid4() for _ in range(people - len(person_ids)))]
    queues = [
        STORIES[n % len(STORIES)](ids[n], prison, unique_prison_number(), START)
        for n in range(people)
    ]
    events: list[EventData] = []
    while queues:
        queue = chance.choice(queues)
        events.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    return events


def on_topic(events: Sequence[EventData], topic: str = "pathways.intake") -> list[EventData]:
    """The events a consumer of `topic` alone reads."""
    return [e for e in events if e.topic() == topic]


PUBLISHED_AT = 1_772_442_000_000  # fixed: services read the day of publication


def as_records(
    events: Sequence[EventData], topics: dict[str, str] | None = None
) -> list[FakeKafkaRecord]:
    """Each event in its CloudEvent, on its topic (renamed by `topics`), offsets in order."""
    records = [record_of(data) for data in events]
    for offset, record in enumerate(records):
        record.topic = (topics or {}).get(record.topic, record.topic)
        record.offset, record.timestamp = offset, PUBLISHED_AT
    return records
