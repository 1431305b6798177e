"""Consent to placements through the consumer (SQLite and PostgreSQL): a refusal opens no
referral, automatic or by hand; a withdrawal closes the open referral once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from placements_testkit import (
    consent_changed,
    envelope,
    feed,
    qualified,
    referrals_of,
    referred,
    released,
)

pytestmark = [pytest.mark.postgres]


async def _manual(svc: SimpleNamespace, person: uuid.UUID):
    return await svc.client.post("/referrals", json={"person_id": str(person)}, headers=svc.staff)


async def test_a_refusal_opens_no_referral_automatic_or_by_hand(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(referred(person, placements=False)))
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))
    assert await referrals_of(svc.client, svc.staff, person) == []
    refused = await _manual(svc, person)
    assert refused.status_code == 409 and refused.json()["error"] == "no_consent"
    await feed(svc.app, envelope(consent_changed(person, True, datetime.now(UTC))))
    [opened] = await referrals_of(svc.client, svc.staff, person)  # the release still due
    assert opened["trigger"] == "release" and opened["status"] == "open"


async def test_a_withdrawal_closes_the_open_referral_once(svc: SimpleNamespace) -> None:
    person, now = uuid.uuid4(), datetime.now(UTC)
    await feed(svc.app, envelope(referred(person, placements=True)))
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))
    [referral] = await referrals_of(svc.client, svc.staff, person)
    withdrawn = envelope(consent_changed(person, False, now))
    await feed(svc.app, withdrawn, withdrawn)
    await feed(svc.app, withdrawn)
    await feed(svc.app, envelope(consent_changed(person, False, now + timedelta(seconds=1))))
    [closed] = await referrals_of(svc.client, svc.staff, person)
    assert closed["referral_id"] == referral["referral_id"] and closed["status"] == "closed"
    assert closed["closed_reason"] == "consent_withdrawn"
    assert (await _manual(svc, person)).json()["error"] == "no_consent"


async def test_a_person_intake_said_nothing_about_is_not_refused(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()  # a mentor never referred to the programme
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))
    assert len(await referrals_of(svc.client, svc.staff, person)) == 1
