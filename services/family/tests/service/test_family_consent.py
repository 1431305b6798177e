"""Consent to family work through the consumer and the API (SQLite and PostgreSQL): no case
without it; a withdrawal cancels the open follow-ups once, consent given again plans them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.postgres]


async def _open(family, person: uuid.UUID):
    body = {"person_id": str(person), "worker": "fw.jones"}
    return await family.client.post("/cases", json=body, headers=family.auth())


async def test_no_case_without_consent_to_family_work(family, intake) -> None:
    refused = await family.known_person(family=False)
    only_received = uuid.uuid4()  # intake said nothing about consent
    await family.deliver(intake.received(only_received))
    for person in (refused, only_received):
        response = await _open(family, person)
        assert response.status_code == 409 and response.json()["error"] == "no_consent"
    assert await family.published(refused) == []


async def test_a_withdrawal_cancels_open_follow_ups_once_and_consent_again_replans(
    family, intake
) -> None:
    person = await family.known_person(datetime.now(UTC) - timedelta(days=100))
    await family.open_case(person, opened_on=datetime.now(UTC).date() - timedelta(days=2))
    await family.deliver(intake.released(person, datetime.now(UTC) - timedelta(days=1)))
    open_tasks = [t for t in await family.tasks(person) if t["status"] == "open"]
    assert open_tasks
    now = datetime.now(UTC)
    withdrawn = intake.consent_changed(person, False, now)
    await family.deliver(withdrawn, withdrawn)
    await family.deliver(intake.consent_changed(person, False, now + timedelta(seconds=1)))
    cancelled = await family.published(person, "family.followup.cancelled.v1")
    assert sorted(e["data"]["task_id"] for e in cancelled) == sorted(
        t["task_id"] for t in open_tasks
    )
    assert {e["data"]["reason"] for e in cancelled} == {"consent_withdrawn"}
    assert [t for t in await family.tasks(person) if t["status"] == "open"] == []
    await family.deliver(intake.released(person, datetime.now(UTC) - timedelta(hours=20)))
    assert [t for t in await family.tasks(person) if t["status"] == "open"] == []
    await family.deliver(intake.consent_changed(person, True, now + timedelta(seconds=2)))
    assert [t for t in await family.tasks(person) if t["status"] == "open"]
