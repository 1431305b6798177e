"""Retention in placements (SQLite and PostgreSQL): intake's retention_applied event forgets
the person's custody facts, referrals, inbox, outbox, dead letters and audit; a late event
about them is skipped; another person's referral is untouched."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from placements_testkit import envelope, feed, qualified, referrals_of, referred, released

from pathways.placements.adapters.orm import metadata
from pathways.testing.retention import erasure, invalid_referral_about, rows_about

pytestmark = [pytest.mark.postgres]


async def _about(svc: SimpleNamespace, person: uuid.UUID) -> dict[str, int]:
    async with svc.app.state.runtime.sessions() as session:
        return await rows_about(session, metadata, person)


async def _referred_mentor(svc: SimpleNamespace) -> uuid.UUID:
    person = uuid.uuid4()
    await feed(svc.app, envelope(referred(person, placements=True)))
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))
    assert len(await referrals_of(svc.client, svc.staff, person)) == 1  # an audited read
    return person


async def test_retention_applied_forgets_the_person_and_nothing_brings_them_back(
    svc: SimpleNamespace,
) -> None:
    gone, kept = await _referred_mentor(svc), await _referred_mentor(svc)
    await feed(svc.app, invalid_referral_about(gone))
    before = await _about(svc, gone)
    assert {"referrals.person_id", "people.person_id", "inbox.person_id"} <= set(before)
    assert {"outbox", "dead_letters", "audit_log"} <= set(before), before
    kept_before = await _about(svc, kept)

    await feed(svc.app, envelope(released(gone)), erasure(gone))
    assert await _about(svc, gone) == {}
    await feed(svc.app, envelope(qualified(gone)), envelope(referred(gone, placements=True)))
    assert await _about(svc, gone) == {}
    assert await _about(svc, kept) == kept_before
    response = await svc.client.get(f"/referrals?person_id={gone}", headers=svc.staff)
    assert response.status_code in (200, 404) and not response.json().get("items")
