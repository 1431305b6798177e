"""Consent to mentoring through the consumer (SQLite and PostgreSQL): no consent, no queue and
no match; a withdrawal ends the open match once and takes the mentee off the waiting list."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.contracts import CloudEvent

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def _waiting(svc, prison: str) -> list[str]:
    return [m["person_id"] for m in (await svc.get("/waiting", prison_code=prison))["items"]]


async def test_a_referral_refusing_mentoring_is_neither_queued_nor_matched(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = uuid.uuid4()
    await svc.deliver(
        events.received(person, prison, "A"), events.referred(person, mentoring=False)
    )
    assert str(person) not in await _waiting(svc, prison)
    assert await svc.published("mentoring.match.made.v1", person) == []
    body = {"mentor_id": mentor["mentor_id"], "mentee_person_id": str(person)}
    response = await svc.client.post("/matches", json=body, headers=svc.headers)
    assert response.status_code == 409 and response.json()["error"] == "no_consent"


async def test_a_withdrawal_ends_the_match_once_and_a_new_consent_queues_again(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    [made] = await svc.published("mentoring.match.made.v1", person)
    by_hand = await svc.client.post(
        f"/matches/{made['match_id']}/end",
        json={"reason": "consent_withdrawn"},
        headers=svc.headers,
    )
    assert by_hand.status_code == 422
    assert by_hand.json()["error"] == "consent_is_recorded_in_intake"
    now = datetime.now(UTC)
    withdrawn = CloudEvent.wrap(
        events.consent_changed(person, False, now), source="pathways/intake"
    )
    await svc.deliver(withdrawn, withdrawn)  # twice in one batch
    await svc.deliver(withdrawn)  # redelivered
    await svc.deliver(events.consent_changed(person, False, now + timedelta(seconds=1)))
    [ended] = await svc.published("mentoring.match.ended.v1", person)
    assert ended["match_id"] == made["match_id"] and ended["reason"] == "consent_withdrawn"
    assert str(person) not in await _waiting(svc, prison)
    assert (await svc.get(f"/mentors/{mentor['mentor_id']}"))["open_matches"] == 0
    await svc.deliver(events.consent_changed(person, True, now + timedelta(seconds=2)))
    assert len(await svc.published("mentoring.match.made.v1", person)) == 2


async def test_an_older_consent_change_does_not_undo_a_newer_withdrawal(svc, events) -> None:
    prison = events.new_prison()
    await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    now = datetime.now(UTC)
    await svc.deliver(events.consent_changed(person, False, now))
    await svc.deliver(events.consent_changed(person, True, now - timedelta(minutes=5)))
    assert str(person) not in await _waiting(svc, prison)
    assert len(await svc.published("mentoring.match.made.v1", person)) == 1
