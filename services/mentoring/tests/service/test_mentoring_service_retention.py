"""Retention in mentoring (SQLite and PostgreSQL): intake's retention_applied event forgets
the person everywhere in mentoring's database (mentee, custody facts, their match, inbox,
outbox, dead letters, audit); a late event about them is skipped; others are untouched."""

from __future__ import annotations

import uuid

import pytest

from pathways.mentoring.adapters.orm import metadata
from pathways.testing.retention import erasure, invalid_referral_about, rows_about

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def _about(svc, person: uuid.UUID) -> dict[str, int]:
    async with svc.app.state.runtime.sessions() as session:
        return await rows_about(session, metadata, person)


async def test_retention_applied_forgets_the_person_and_nothing_brings_them_back(
    svc, events
) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    gone, kept = await svc.newcomer(prison), await svc.newcomer(prison)
    [made] = await svc.published("mentoring.match.made.v1", gone)
    await svc.get(f"/matches/{made['match_id']}")  # an audited read
    await svc.deliver(invalid_referral_about(gone))
    before = await _about(svc, gone)
    assert {"mentees.person_id", "matches.mentee_person_id", "inbox.person_id"} <= set(before)
    assert {"outbox", "dead_letters", "audit_log"} <= set(before), before
    kept_before = await _about(svc, kept)

    await svc.deliver(erasure(gone))
    await svc.deliver(erasure(gone))  # a second erasure (another event id) is harmless
    assert await _about(svc, gone) == {}
    response = await svc.client.get(f"/matches/{made['match_id']}", headers=svc.headers)
    assert response.status_code == 404

    await svc.deliver(events.received(gone, prison, "B"), events.referred(gone))  # late
    assert await _about(svc, gone) == {}
    assert await _about(svc, kept) == kept_before
    assert (await svc.get(f"/mentors/{mentor['mentor_id']}"))["status"] == "active"


async def test_mentoring_decides_no_one_itself_and_its_purge_is_idempotent(svc) -> None:
    headers = {**svc.headers, **_admin(svc)}
    first = await svc.client.post("/admin/retention/purge", headers=headers)
    second = await svc.client.post("/admin/retention/purge", headers=headers)
    assert first.status_code == second.status_code == 200, first.text
    assert first.json()["people"] == second.json()["people"] == []
    assert not {k for k in second.json()["counts"] if not k.startswith("expired_")}


def _admin(svc) -> dict[str, str]:
    from pathways.testing.service import bearer

    return bearer(svc.settings, "admin", subject="dpo-1")
