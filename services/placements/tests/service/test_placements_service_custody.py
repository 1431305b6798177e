"""Custody periods through the consumer on SQLite and PostgreSQL (contract.md, "What each
custody event means"): a recall ends the earlier period's placement and referral, the next
release opens its own referral; a transfer keeps the person in custody at the new prison."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from placements_testkit import (
    absence,
    accepted_offer,
    approve,
    envelope,
    feed,
    provider_with_role,
    qualified,
    received,
    referrals_of,
    released,
)
from sqlalchemy import select

from pathways.contracts import intake
from pathways.messaging.tables import outbox
from pathways.testing.ids import unique_prison_code

pytestmark = [pytest.mark.postgres]


async def published(svc: SimpleNamespace, person: uuid.UUID) -> list[dict]:
    async with svc.app.state.runtime.sessions() as session:
        rows = await session.execute(
            select(outbox.c.event_type, outbox.c.payload)
            .where(outbox.c.key == str(person))
            .order_by(outbox.c.id)
        )
    return [{"type": row.event_type, "payload": json.loads(row.payload)} for row in rows]


async def test_a_recall_ends_the_placement_and_the_next_release_opens_its_own_referral(
    svc: SimpleNamespace,
) -> None:
    client, staff, person = svc.client, svc.staff, uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(released(person, days_ago=20)))
    [first] = await referrals_of(client, staff, person)
    role = await provider_with_role(client, staff)
    await approve(client, staff, first["referral_id"])
    await accepted_offer(client, staff, first["referral_id"], role["opportunity_id"])
    started = await client.post(
        "/placements", json={"referral_id": first["referral_id"]}, headers=staff
    )
    assert started.status_code == 201, started.text
    placement_id = started.json()["placement_id"]

    # minutes ago, not 07:00 today: before 07:00 UTC that is later than the next release
    recall = envelope(received(person, at=datetime.now(UTC) - timedelta(minutes=2)))
    await feed(svc.app, recall)
    await feed(svc.app, recall)  # redelivered: nothing more
    placement = (await client.get(f"/placements/{placement_id}", headers=staff)).json()
    assert (placement["status"], placement["outcome"], placement["end_reason"]) == (
        "ended",
        "recalled",
        "recalled",
    )
    [closed] = await referrals_of(client, staff, person)
    assert closed["status"] == "closed"
    opportunities = (await client.get("/opportunities?limit=500", headers=staff)).json()["items"]
    [ours] = [o for o in opportunities if o["opportunity_id"] == role["opportunity_id"]]
    assert ours["places_taken"] == 0  # the place is free again
    ended = [e for e in await published(svc, person) if e["type"].endswith("placement.ended.v1")]
    assert len(ended) == 1 and ended[0]["payload"]["data"]["outcome"] == "recalled"

    second = intake.PersonReleased(
        person_id=person,
        prison_number="A1234BC",
        prison_code="BAI",
        released_at=datetime.now(UTC) - timedelta(minutes=1),
        release_type="licence",
    )
    await feed(svc.app, envelope(second))
    referrals = await referrals_of(client, staff, person)
    assert [(r["trigger"], r["status"]) for r in referrals] == [
        ("release", "closed"),
        ("release", "open"),
    ]


async def test_a_transfer_keeps_the_person_in_custody_at_the_receiving_prison(
    svc: SimpleNamespace,
) -> None:
    person, sending, receiving = uuid.uuid4(), unique_prison_code(), unique_prison_code()
    await feed(svc.app, envelope(qualified(person)), envelope(absence(person)))
    transfer = intake.PersonTransferred(
        person_id=person,
        from_prison_code=sending,
        to_prison_code=receiving,
        transferred_at=datetime.now(UTC),
    )
    await feed(svc.app, envelope(transfer))
    view = (await svc.client.get(f"/people/{person}", headers=svc.staff)).json()
    assert (view["custody_status"], view["on_rotl"], view["prison_code"]) == (
        "in_custody",
        False,
        receiving,
    )
    [rotl] = await referrals_of(svc.client, svc.staff, person)
    assert (rotl["trigger"], rotl["status"]) == ("rotl", "open")  # the period continues
