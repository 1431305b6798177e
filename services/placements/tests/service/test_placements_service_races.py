"""Concurrent requests: a role's capacity holds, and a clash is a 409, never a 500."""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace

import pytest
from placements_testkit import (
    accepted_offer,
    approve,
    envelope,
    feed,
    provider_with_role,
    qualified,
    referrals_of,
    released,
)

pytestmark = [pytest.mark.postgres]


async def ready_referral(svc: SimpleNamespace, opportunity_id: str) -> str:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))
    [referral] = await referrals_of(svc.client, svc.staff, person)
    await approve(svc.client, svc.staff, referral["referral_id"])
    await accepted_offer(svc.client, svc.staff, referral["referral_id"], opportunity_id)
    return referral["referral_id"]


async def test_concurrent_starts_never_overfill_a_role(svc: SimpleNamespace) -> None:
    role = await provider_with_role(svc.client, svc.staff, capacity=1)
    referrals = [await ready_referral(svc, role["opportunity_id"]) for _ in range(4)]
    answers = await asyncio.gather(
        *(
            svc.client.post("/placements", json={"referral_id": r}, headers=svc.staff)
            for r in referrals
        )
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201, 409, 409, 409], [a.text for a in answers]
    roles = (await svc.client.get("/opportunities?limit=500", headers=svc.staff)).json()
    mine = next(o for o in roles["items"] if o["opportunity_id"] == role["opportunity_id"])
    assert mine["places_taken"] == 1


async def test_concurrent_manual_referrals_open_one(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)))
    body = {"person_id": str(person)}
    answers = await asyncio.gather(
        *(svc.client.post("/referrals", json=body, headers=svc.staff) for _ in range(3))
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    assert len(await referrals_of(svc.client, svc.staff, person)) == 1
