"""The staff API on SQLite and PostgreSQL: providers, referrals, offers, placements, hours,
outcomes; bad input gets a clear 4xx and changes nothing; roles and audit."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from placements_testkit import (
    absence,
    accepted_offer,
    approve,
    audit_count,
    envelope,
    feed,
    provider_with_role,
    qualified,
    referrals_of,
    released,
)
from sqlalchemy import select

from pathways.messaging.tables import outbox
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]


async def released_mentor(svc: SimpleNamespace, days_ago: int = 60) -> tuple[uuid.UUID, str]:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(released(person, days_ago)))
    [referral] = await referrals_of(svc.client, svc.staff, person)
    return person, referral["referral_id"]


async def published(svc: SimpleNamespace, person: uuid.UUID) -> list[str]:
    async with svc.app.state.runtime.sessions() as session:
        rows = await session.execute(
            select(outbox.c.event_type).where(outbox.c.key == str(person)).order_by(outbox.c.id)
        )
    return list(rows.scalars())


async def test_every_route_needs_the_placements_role(svc: SimpleNamespace) -> None:
    client, settings = svc.client, svc.settings
    assert (await client.get("/opportunities")).status_code == 401
    family = bearer(settings, "family")
    assert (await client.get("/referrals", headers=family)).status_code == 403
    reader = bearer(settings, "placements:read")
    assert (await client.get("/providers", headers=reader)).status_code == 200
    body = {"person_id": str(uuid.uuid4())}
    assert (await client.post("/referrals", json=body, headers=reader)).status_code == 403


async def test_providers_and_opportunities(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    blank = {"name": "X", "area": " ", "address": "1 Road", "supervisor": "S"}
    response = await client.post("/providers", json=blank, headers=staff)
    assert response.status_code == 422 and response.json()["error"] == "area_required"
    unknown = await client.post(
        f"/providers/{uuid.uuid4()}/opportunities",
        json={"role_title": "R", "capacity": 1, "hours_per_week": 5},
        headers=staff,
    )
    assert unknown.status_code == 404
    role = await provider_with_role(client, staff, capacity=3)
    bad = await client.post(
        f"/providers/{role['provider_id']}/opportunities",
        json={"role_title": "R", "capacity": 0, "hours_per_week": 5},
        headers=staff,
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_capacity"
    page = (await client.get("/opportunities?area=LAMBETH&open=true&limit=1", headers=staff)).json()
    assert page["limit"] == 1 and len(page["items"]) == 1 and page["total"] >= 1
    closed = await client.post(f"/opportunities/{role['opportunity_id']}/close", headers=staff)
    assert closed.json()["is_open"] is False
    shut = (await client.get("/opportunities?open=false&limit=500", headers=staff)).json()
    assert role["opportunity_id"] in [o["opportunity_id"] for o in shut["items"]]


async def test_the_whole_placement_lifecycle(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    person, referral_id = await released_mentor(svc)
    role = await provider_with_role(client, staff)
    await approve(client, staff, referral_id)
    await accepted_offer(client, staff, referral_id, role["opportunity_id"])
    started = await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    assert started.status_code == 201, started.text
    placement = started.json()
    assert placement["on_rotl"] is False and placement["status"] == "active"
    hours = await client.post(
        f"/placements/{placement['placement_id']}/hours",
        json={"worked_on": placement["starts_on"], "hours": "6.5"},
        headers=staff,
    )
    assert hours.status_code == 200 and hours.json()["total_hours"] == "6.50"
    ended = await client.post(
        f"/placements/{placement['placement_id']}/end", json={"outcome": "completed"}, headers=staff
    )
    assert ended.status_code == 200 and ended.json()["outcome"] == "completed"
    [referral] = await referrals_of(client, staff, person)
    assert referral["status"] == "closed" and referral["placement_id"] == placement["placement_id"]
    free = (await client.get("/opportunities?limit=500", headers=staff)).json()["items"]
    assert (
        next(o for o in free if o["opportunity_id"] == role["opportunity_id"])["places_free"] == 1
    )
    assert await published(svc, person) == [
        "placements.referral.created.v1",
        "placements.placement.started.v1",
        "placements.placement.ended.v1",
    ]
    assert await audit_count(svc.app, person, "create") >= 2


async def test_no_start_without_risk_assessment_nothing_changed(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    person, referral_id = await released_mentor(svc)
    role = await provider_with_role(client, staff)
    await accepted_offer(client, staff, referral_id, role["opportunity_id"])
    refused = await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    assert refused.status_code == 409 and refused.json()["error"] == "risk_assessment_missing"
    [referral] = await referrals_of(client, staff, person)
    assert referral["status"] == "open" and referral["placement_id"] is None
    await client.post(
        f"/referrals/{referral_id}/risk-assessment", json={"outcome": "refused"}, headers=staff
    )
    again = await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    assert again.json()["error"] == "risk_assessment_refused"
    assert await published(svc, person) == ["placements.referral.created.v1"]


async def test_capacity_is_respected(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    role = await provider_with_role(client, staff, capacity=1)
    answers = []
    for _ in range(2):
        _, referral_id = await released_mentor(svc)
        await approve(client, staff, referral_id)
        await accepted_offer(client, staff, referral_id, role["opportunity_id"])
        answers.append(
            await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
        )
    assert answers[0].status_code == 201
    assert answers[1].status_code == 409 and answers[1].json()["error"] == "opportunity_full"


async def test_disclosure_check_needed_when_the_role_asks(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    _, referral_id = await released_mentor(svc)
    role = await provider_with_role(client, staff, level="standard")
    await approve(client, staff, referral_id)
    await accepted_offer(client, staff, referral_id, role["opportunity_id"])
    body = {"referral_id": referral_id}
    refused = await client.post("/placements", json=body, headers=staff)
    assert refused.json()["error"] == "disclosure_check_insufficient"
    check = await client.post(
        f"/referrals/{referral_id}/disclosure-check", json={"level": "enhanced"}, headers=staff
    )
    assert check.status_code == 200 and check.json()["disclosure_level"] == "enhanced"
    assert (await client.post("/placements", json=body, headers=staff)).status_code == 201


async def test_in_custody_refused_but_rotl_allowed(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)))
    manual = await client.post("/referrals", json={"person_id": str(person)}, headers=staff)
    assert manual.status_code == 201 and manual.json()["trigger"] == "manual"
    twice = await client.post("/referrals", json={"person_id": str(person)}, headers=staff)
    assert twice.status_code == 409 and twice.json()["error"] == "referral_already_open"
    referral_id = manual.json()["referral_id"]
    role = await provider_with_role(client, staff)
    await approve(client, staff, referral_id)
    await accepted_offer(client, staff, referral_id, role["opportunity_id"])
    refused = await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    assert refused.status_code == 409 and refused.json()["error"] == "in_custody"
    await feed(svc.app, envelope(absence(person)))  # ROTL: also opens a `rotl` referral
    started = await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    assert started.status_code == 201 and started.json()["on_rotl"] is True
    triggers = sorted(r["trigger"] for r in await referrals_of(client, staff, person))
    assert triggers == ["manual", "rotl"]


async def test_bad_hours_are_refused_and_change_nothing(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    _, referral_id = await released_mentor(svc)
    role = await provider_with_role(client, staff)
    await approve(client, staff, referral_id)
    await accepted_offer(client, staff, referral_id, role["opportunity_id"])
    placement = (
        await client.post("/placements", json={"referral_id": referral_id}, headers=staff)
    ).json()
    url, day = f"/placements/{placement['placement_id']}/hours", placement["starts_on"]
    for hours, code in (
        ("-2", "hours_not_positive"),
        ("0", "hours_not_positive"),
        ("17", "hours_implausible"),
    ):
        bad = await client.post(url, json={"worked_on": day, "hours": hours}, headers=staff)
        assert bad.status_code == 422 and bad.json()["error"] == code, hours
    assert (
        await client.post(url, json={"worked_on": day, "hours": "10"}, headers=staff)
    ).is_success
    over = await client.post(url, json={"worked_on": day, "hours": "7"}, headers=staff)
    assert over.json()["error"] == "hours_implausible"
    junk = await client.post(url, json={"worked_on": day, "hours": "lots"}, headers=staff)
    assert junk.status_code == 422
    future = await client.post(url, json={"worked_on": "2999-01-01", "hours": 1}, headers=staff)
    assert future.json()["error"] == "worked_on_in_future"
    current = (await client.get(f"/placements/{placement['placement_id']}", headers=staff)).json()
    assert current["total_hours"] == "10.00" and len(current["hours"]) == 1


async def test_outcomes_after_release(svc: SimpleNamespace) -> None:
    client, staff = svc.client, svc.staff
    in_custody = uuid.uuid4()
    await feed(svc.app, envelope(qualified(in_custody)))
    body = {"weeks_after_release": 6, "status": "volunteering"}
    early = await client.post(f"/people/{in_custody}/outcomes", json=body, headers=staff)
    assert early.status_code == 409 and early.json()["error"] == "not_released"
    person, _ = await released_mentor(svc, days_ago=60)
    due = (await client.get("/outcomes/due?limit=500", headers=staff)).json()["items"]
    assert {"person_id": str(person), "weeks_after_release": 6} in [
        {k: d[k] for k in ("person_id", "weeks_after_release")} for d in due
    ]
    odd = {**body, "weeks_after_release": 7}
    bad = await client.post(f"/people/{person}/outcomes", json=odd, headers=staff)
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_week_mark"
    not_yet = {**body, "weeks_after_release": 26}
    early = await client.post(f"/people/{person}/outcomes", json=not_yet, headers=staff)
    assert early.json()["error"] == "outcome_not_due"
    ok = await client.post(f"/people/{person}/outcomes", json=body, headers=staff)
    assert ok.status_code == 201 and ok.json()["status"] == "volunteering"
    again = await client.post(f"/people/{person}/outcomes", json=body, headers=staff)
    assert again.json()["error"] == "outcome_already_recorded"
    due = (await client.get("/outcomes/due?limit=500", headers=staff)).json()["items"]
    assert str(person) not in [d["person_id"] for d in due]
    assert (await published(svc, person))[-1] == "placements.outcome.recorded.v1"
