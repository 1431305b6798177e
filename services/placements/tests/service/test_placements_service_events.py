"""Events through the consumer (decode, inbox, handler, commit) on SQLite and PostgreSQL:
automatic referrals exactly once, whatever the order or repetition."""

from __future__ import annotations

import uuid
from itertools import permutations
from types import SimpleNamespace

import pytest
from placements_testkit import (
    absence,
    envelope,
    feed,
    qualified,
    received,
    referrals_of,
    released,
)
from sqlalchemy import select

from pathways.messaging.tables import outbox

pytestmark = [pytest.mark.postgres]


async def _referrals(svc: SimpleNamespace, person: uuid.UUID) -> list[dict]:
    return await referrals_of(svc.client, svc.staff, person)


async def test_a_qualified_mentors_release_opens_one_referral_in_any_order_and_repeat(
    svc: SimpleNamespace,
) -> None:
    for order in permutations(["qualified", "released", "released-again"]):
        person = uuid.uuid4()
        events = {
            "qualified": envelope(qualified(person)),
            "released": envelope(released(person)),
        }
        events["released-again"] = events["released"]  # the same event redelivered
        for name in order:
            await feed(svc.app, events[name])
        await feed(svc.app, envelope(released(person)))  # the same release, a new event id
        [referral] = await _referrals(svc, person)
        assert referral["trigger"] == "release" and referral["status"] == "open", order


async def test_both_events_in_one_batch_open_one_referral(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(released(person)), envelope(qualified(person)))
    assert [r["trigger"] for r in await _referrals(svc, person)] == ["release"]
    async with svc.app.state.runtime.sessions() as session:
        rows = (await session.execute(select(outbox).where(outbox.c.key == str(person)))).all()
    assert [r.event_type for r in rows] == ["placements.referral.created.v1"]


async def test_a_non_mentors_release_opens_nothing(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(released(person)))
    assert await _referrals(svc, person) == []
    person_view = await svc.client.get(f"/people/{person}", headers=svc.staff)
    assert person_view.json()["custody_status"] == "released"
    assert "not_qualified_mentor" in person_view.json()["ineligible_because"]


async def test_rotl_opens_one_referral_per_custody_period(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(absence(person)))
    await feed(svc.app, envelope(absence(person, ended=True)))
    await feed(svc.app, envelope(absence(person, "rotl_overnight")))
    assert [r["trigger"] for r in await _referrals(svc, person)] == ["rotl"]


async def test_a_childcare_absence_opens_nothing(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(absence(person, "childcare")))
    assert await _referrals(svc, person) == []


async def test_a_release_after_a_recall_opens_a_new_referral(svc: SimpleNamespace) -> None:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(released(person, days_ago=90)))
    await feed(svc.app, envelope(received(person, days_ago=30)), envelope(released(person, 1)))
    assert [r["trigger"] for r in await _referrals(svc, person)] == ["release", "release"]


async def test_an_event_we_do_not_handle_is_skipped(svc: SimpleNamespace) -> None:
    from pathways.contracts import intake

    person = uuid.uuid4()
    await feed(svc.app, envelope(intake.PersonRecategorised(person_id=person, category="D")))
    missing = await svc.client.get(f"/people/{person}", headers=svc.staff)
    assert missing.status_code == 404
