"""Retention in family (SQLite and PostgreSQL): intake's retention_applied event forgets the
person's case, follow-up plan and tasks, custody facts, inbox, outbox, dead letters and audit;
a late event about them is skipped; another person's case is untouched."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from pathways.family.adapters.orm import metadata
from pathways.testing.retention import erasure, invalid_referral_about, rows_about

pytestmark = [pytest.mark.postgres]


async def _about(family, person: uuid.UUID) -> dict[str, int]:
    async with family.app.state.runtime.sessions() as session:
        return await rows_about(session, metadata, person)


async def _with_case_and_plan(family, intake) -> uuid.UUID:
    person = await family.known_person()
    await family.open_case(person)
    await family.deliver(intake.scheduled(person, date.today() + timedelta(days=30)))
    return person


async def test_retention_applied_forgets_the_person_and_nothing_brings_them_back(
    family, intake
) -> None:
    gone = await _with_case_and_plan(family, intake)
    kept = await _with_case_and_plan(family, intake)
    await family.tasks(gone)  # an audited read
    await family.deliver(invalid_referral_about(gone))
    before = await _about(family, gone)
    assert {"family_cases.person_id", "known_people.person_id", "inbox.person_id"} <= set(before)
    assert {"dead_letters", "audit_log"} <= set(before), before
    kept_before = await _about(family, kept)

    await family.deliver(erasure(gone))
    assert await _about(family, gone) == {}
    await family.deliver(erasure(gone), intake.received(gone, datetime.now(UTC)))  # late
    await family.deliver(intake.referred(gone, True))
    assert await _about(family, gone) == {}
    assert await _about(family, kept) == kept_before
    response = await family.client.post(
        "/cases", json={"person_id": str(gone), "worker": "fw.jones"}, headers=family.auth()
    )
    assert response.status_code in (404, 409, 422), response.text


async def test_a_dry_run_lists_no_one_and_removes_nothing(family) -> None:
    headers = family.auth("admin", subject="dpo-1")
    far = (datetime.now(UTC) + timedelta(days=20 * 365)).isoformat()
    response = await family.client.post(
        "/admin/retention/purge", params={"dryRun": "true", "asOf": far}, headers=headers
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["people"] == [] and report["dry_run"] is True
    again = await family.client.post(
        "/admin/retention/purge", params={"dryRun": "true", "asOf": far}, headers=headers
    )
    assert again.json()["counts"] == report["counts"]
