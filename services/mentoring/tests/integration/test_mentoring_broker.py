"""End to end on the real broker (SQLite and PostgreSQL): intake's events published to Kafka,
the mentoring service's events read back from `pathways.mentoring` with a plain consumer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.contracts import CloudEvent
from pathways.contracts import intake as ev
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def _prison() -> str:
    return unique_prison_code()


def _arrival(person: uuid.UUID, prison: str) -> list[ev.PersonReceived | ev.PersonReferred]:
    number = unique_prison_number()
    return [
        ev.PersonReceived(
            person_id=person,
            prison_number=number,
            prison_code=prison,
            location="A",
            received_at=datetime.now(UTC),
            reason="new_admission",
        ),
        ev.PersonReferred(
            person_id=person,
            referral_id=uuid.uuid4(),
            source="healthcare",
            substances=["alcohol"],
            urgency="routine",
            consent=ev.SharingConsent(mentoring=True),
        ),
    ]


def _of_type(events: list[dict], event_type: str, subject: str | None = None) -> list[dict]:
    return [e for e in events if e["type"] == event_type and subject in (None, e["subject"])]


async def test_a_referral_on_the_broker_gets_a_match_event(broker) -> None:
    prison, person = _prison(), uuid.uuid4()
    mentor = await broker.active_mentor(prison)
    await broker.publish(*_arrival(person, prison))
    events = await broker.mentoring_events(
        {str(person)}, until=lambda es: bool(_of_type(es, "mentoring.match.made.v1"))
    )
    [made] = _of_type(events, "mentoring.match.made.v1")
    assert made["data"]["mentor_id"] == mentor["mentor_id"]
    assert (
        made["data"]["mentee_person_id"] == str(person) and made["source"] == "pathways/mentoring"
    )
    assert made["causationid"]  # caused by intake's event


async def test_a_released_mentors_mentees_are_rematched_and_ends_published_once(broker) -> None:
    prison = _prison()
    leaving = await broker.active_mentor(prison, capacity=2)
    mentees = [uuid.uuid4() for _ in range(2)]
    for person in mentees:
        await broker.publish(*_arrival(person, prison))
    people = {str(p) for p in mentees}
    await broker.mentoring_events(
        people, until=lambda es: len(_of_type(es, "mentoring.match.made.v1")) == 2
    )
    staying = await broker.active_mentor(prison, wing="B")
    release = CloudEvent.wrap(
        ev.PersonReleased(
            person_id=uuid.UUID(leaving["person_id"]),
            prison_number="C1234DE",
            prison_code=prison,
            released_at=datetime.now(UTC) + timedelta(seconds=1),
            release_type="parole",
        ),
        source="pathways/intake",
    )
    await broker.publish(release, release)  # delivered twice
    events = await broker.mentoring_events(
        people, until=lambda es: len(_of_type(es, "mentoring.match.made.v1")) == 4
    )
    await asyncio.sleep(2)  # anything duplicated would have arrived by now
    events = await broker.mentoring_events(people, until=lambda es: False, timeout=3)
    for person in people:
        ended = _of_type(events, "mentoring.match.ended.v1", person)
        assert [e["data"]["reason"] for e in ended] == ["released"]
        assert [e["data"]["detail"] for e in ended] == ["mentor_released"]
        made = _of_type(events, "mentoring.match.made.v1", person)
        assert [m["data"]["mentor_id"] for m in made] == [
            leaving["mentor_id"],
            staying["mentor_id"],
        ]
