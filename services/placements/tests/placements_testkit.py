"""Helpers for the placements service and integration tests: contract events, a Kafka-like
record to feed the consumer directly, and API shortcuts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from pathways.contracts import CloudEvent, EventData, intake, mentoring
from pathways.messaging.tables import audit_log
from pathways.testing.records import deliver


def _day(days_ago: int, hour: int) -> datetime:
    """A fixed time of day `days_ago` days back (the same event facts on every call)."""
    day = datetime.now(UTC).date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def qualified(person: uuid.UUID) -> EventData:
    return mentoring.MentorQualified(
        mentor_id=uuid.uuid4(), person_id=person, award="Level 3", awarded_on=date(2026, 1, 5)
    )


def released(person: uuid.UUID, days_ago: int = 60) -> EventData:
    return intake.PersonReleased(
        person_id=person,
        prison_number="A1234BC",
        prison_code="BAI",
        released_at=_day(days_ago, hour=9),
        release_type="licence",
        destination_area="Lambeth",
    )


def received(person: uuid.UUID, days_ago: int = 0, at: datetime | None = None) -> EventData:
    """A reception at 07:00 `days_ago` days back, or `at`."""
    return intake.PersonReceived(
        person_id=person,
        prison_number="A1234BC",
        prison_code="BAI",
        received_at=at or _day(days_ago, hour=7),
        reason="readmission",
    )


def absence(person: uuid.UUID, kind: str = "rotl_day", ended: bool = False) -> EventData:
    start = datetime.now(UTC) - timedelta(hours=2)
    model = intake.TemporaryAbsenceEnded if ended else intake.TemporaryAbsenceStarted
    return model(
        person_id=person,
        absence_id=uuid.UUID(int=person.int ^ 1),
        kind=kind,
        starts_at=start,
        ends_at=start + timedelta(hours=10),
    )


def referred(person: uuid.UUID, placements: bool) -> EventData:
    """As intake sends it: with the consent recorded at referral."""
    return intake.PersonReferred(
        person_id=person,
        referral_id=uuid.uuid4(),
        source="staff",
        substances=["alcohol"],
        urgency="routine",
        consent=intake.SharingConsent(placements=placements),
    )


def consent_changed(person: uuid.UUID, placements: bool, at: datetime) -> EventData:
    return intake.ConsentChanged(
        person_id=person, consent=intake.SharingConsent(placements=placements), changed_at=at
    )


def envelope(data: EventData) -> CloudEvent:
    return CloudEvent.wrap(data, source="tests")


async def feed(app: FastAPI, *events: CloudEvent) -> None:
    """Apply events through the service's consumer (decode, inbox, handler, commit)."""
    await deliver(app.state.runtime.definition.consumers[0], events)


async def referrals_of(client: httpx.AsyncClient, headers: dict, person: uuid.UUID) -> list:
    response = await client.get(f"/referrals?person_id={person}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def audit_count(app: FastAPI, person: uuid.UUID, action: str | None = None) -> int:
    query = select(func.count()).select_from(audit_log).where(audit_log.c.subject_id == str(person))
    if action:
        query = query.where(audit_log.c.action == action)
    async with app.state.runtime.sessions() as session:
        return int(await session.scalar(query) or 0)


async def provider_with_role(
    client: httpx.AsyncClient, headers: dict, capacity: int = 1, level: str = "none"
) -> dict[str, Any]:
    provider = await client.post(
        "/providers",
        headers=headers,
        json={
            "name": "Garden project",
            "area": "Lambeth",
            "address": "1 High St",
            "supervisor": "M. Jones",
        },
    )
    assert provider.status_code == 201, provider.text
    role = await client.post(
        f"/providers/{provider.json()['provider_id']}/opportunities",
        headers=headers,
        json={
            "role_title": "Gardener",
            "capacity": capacity,
            "hours_per_week": 10,
            "disclosure_level": level,
        },
    )
    assert role.status_code == 201, role.text
    return role.json()


async def accepted_offer(
    client: httpx.AsyncClient, headers: dict, referral_id: str, opportunity_id: str
) -> None:
    offer = await client.post(
        f"/referrals/{referral_id}/offers",
        headers=headers,
        json={"opportunity_id": opportunity_id},
    )
    assert offer.status_code == 201, offer.text
    accept = await client.post(
        f"/referrals/{referral_id}/offers/{offer.json()['offer_id']}/accept", headers=headers
    )
    assert accept.status_code == 200, accept.text


async def approve(client: httpx.AsyncClient, headers: dict, referral_id: str) -> None:
    response = await client.post(
        f"/referrals/{referral_id}/risk-assessment",
        headers=headers,
        json={"outcome": "approved"},
    )
    assert response.status_code == 200, response.text
