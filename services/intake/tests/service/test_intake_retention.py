"""Retention in intake: who falls due, the dry run, the erasure (people row, outbox, dead
letters, audit) and its announcement, idempotence, and the admin route's roles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pathways.messaging.tables import forgotten_people

pytestmark = [pytest.mark.postgres]
NOW = datetime.now(UTC)
LONG_AGO = NOW - timedelta(days=9 * 365)
PURGE = "/admin/retention/purge"


async def _released(intake, received: datetime, released: datetime) -> dict:
    person = await intake.receive(received_at=received.isoformat())
    body = {"released_at": released.isoformat(), "release_type": "end_of_sentence"}
    response = await intake.post(f"/people/{person['person_id']}/releases", body)
    assert response.status_code == 201, response.text
    return person


async def _purge(intake, *roles: str, expect: int = 200, **params: str) -> dict:
    headers = intake.auth(*(roles or ("admin",)), subject="dpo-1")
    response = await intake.client.post(PURGE, params=params, headers=headers)
    assert response.status_code == expect, response.text
    return response.json()


async def _announcements(intake, person_id: str) -> int:
    return sum(
        1 for kind, _ in await intake.events(person_id) if kind.endswith("retention_applied.v1")
    )


async def test_a_purge_erases_the_people_past_retention_and_announces_each_once(intake) -> None:
    old = await _released(intake, LONG_AGO, LONG_AGO + timedelta(days=200))
    recent = await _released(intake, NOW - timedelta(days=60), NOW - timedelta(days=3))
    inside = await intake.receive(received_at=LONG_AGO.isoformat())
    poison = {"eventType": "prisoner-offender-search.prisoner.received", "broken": True,
              "additionalInformation": {"nomsNumber": old["prison_number"]}}  # fmt: skip
    await intake.feed(json.dumps(poison).encode())
    assert any(old["prison_number"].encode() in d.payload for d in await intake.dead_letters())

    dry = await _purge(intake, dryRun="true")
    assert dry["dry_run"] is True
    assert old["person_id"] in dry["people"]
    assert recent["person_id"] not in dry["people"] and inside["person_id"] not in dry["people"]
    assert dry["counts"]["people"] >= 1 and dry["counts"]["dead_letters"] >= 1
    assert old["prison_number"] not in json.dumps(dry)  # ids and counts, no personal data
    assert (await intake.person_by_number(old["prison_number"])) is not None  # nothing went

    done = await _purge(intake)
    assert done["people"] == dry["people"]
    same = {k: v for k, v in done["counts"].items() if k != "audit_log"}  # the read above
    assert same == {k: v for k, v in dry["counts"].items() if k != "audit_log"}
    assert await intake.person_by_number(old["prison_number"]) is None
    [(kind, data)] = await intake.events(old["person_id"])  # only the announcement is left
    assert kind == "intake.person.retention_applied.v1"
    assert set(data) == {"person_id", "applied_at"}
    assert not any(old["prison_number"].encode() in d.payload for d in await intake.dead_letters())
    assert await intake.audits(old["person_id"]) == []
    for kept in (recent, inside):
        assert await intake.person_by_number(kept["prison_number"]) is not None
        assert await _announcements(intake, kept["person_id"]) == 0

    again = await _purge(intake)
    assert old["person_id"] not in again["people"]
    assert await _announcements(intake, old["person_id"]) == 1
    async with intake.app.state.runtime.sessions() as session:
        tombstones = await session.scalar(
            select(func.count()).where(forgotten_people.c.person_id == old["person_id"])
        )
    assert tombstones == 1


async def test_as_of_reckons_retention_at_another_moment(intake) -> None:
    recent = await _released(intake, NOW - timedelta(days=60), NOW - timedelta(days=3))
    later = (NOW + timedelta(days=7 * 365)).isoformat()
    assert recent["person_id"] in (await _purge(intake, dryRun="true", asOf=later))["people"]
    assert recent["person_id"] not in (await _purge(intake, dryRun="true"))["people"]


async def test_the_purge_route_needs_the_admin_role_and_write_to_remove(intake) -> None:
    await _purge(intake, "intake", expect=403, dryRun="true")
    await _purge(intake, "admin:read", expect=403)
    assert (await _purge(intake, "admin:read", dryRun="true"))["dry_run"] is True
    response = await intake.client.post(PURGE, params={"dryRun": "true"})
    assert response.status_code == 401
    bad = await _purge(intake, expect=422, asOf="2030-01-01T00:00:00")
    assert bad["error"]


async def test_unpublished_outbox_rows_are_never_swept_by_age(intake) -> None:
    """This intake has no broker: nothing is published, so however late the purge reckons,
    no outbox row goes for its age (only those about an erased person)."""
    await intake.receive()
    far = (NOW + timedelta(days=50 * 365)).isoformat()
    report = await _purge(intake, dryRun="true", asOf=far)
    assert "expired_outbox" not in report["counts"]
    assert report["counts"]["expired_audit_log"] >= 1
