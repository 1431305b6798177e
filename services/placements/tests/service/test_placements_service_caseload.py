"""Caseload access on placements (SQLite and PostgreSQL): a released mentor's referral and
placement are seen by the staff of the prison they were released from (their last), and
every route of the OpenAPI document that points to a person's record refuses the others."""

from __future__ import annotations

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

from pathways.contracts import intake
from pathways.testing.caseload import listed_by_scope, probe_caseloads, record_routes
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]
CATALOGUE = {"POST /providers/{provider_id}/opportunities",
             "POST /opportunities/{opportunity_id}/close",
             "POST /opportunities/{opportunity_id}/reopen"}  # fmt: skip


async def _placed(svc: SimpleNamespace) -> tuple[uuid.UUID, dict[str, str]]:
    person = uuid.uuid4()
    await feed(svc.app, envelope(qualified(person)), envelope(released(person)))  # from BAI
    [referral] = await referrals_of(svc.client, svc.staff, person)
    role = await provider_with_role(svc.client, svc.staff)
    await approve(svc.client, svc.staff, referral["referral_id"])
    await accepted_offer(svc.client, svc.staff, referral["referral_id"], role["opportunity_id"])
    started = await svc.client.post(
        "/placements", json={"referral_id": referral["referral_id"]}, headers=svc.staff
    )
    assert started.status_code == 201, started.text
    return person, {
        "person_id": str(person), "referral_id": referral["referral_id"],
        "placement_id": started.json()["placement_id"], "offer_id": str(uuid.uuid4()),
        "provider_id": role["provider_id"], "opportunity_id": role["opportunity_id"],
    }  # fmt: skip


async def test_every_record_route_refuses_a_caseload_without_the_prison(svc) -> None:
    _, values = await _placed(svc)
    answers, refused = await probe_caseloads(
        svc, "placements", values, outside="WDI", local=["BAI"]
    )
    catalogue = {route: answers.pop(route) for route in CATALOGUE}
    assert set(catalogue.values()) != {403}  # providers' roles are not personal data
    assert len(answers) >= 11 and set(answers.values()) == {403}, answers
    assert {entry["resource"] for entry in refused} == set(answers)
    assert {f"{m} {p}" for m, p in record_routes(svc.app)} >= CATALOGUE


async def test_lists_show_the_caseloads_people_and_national_scope_sees_all(svc) -> None:
    from_bai, from_wdi = uuid.uuid4(), uuid.uuid4()
    wdi_release = released(from_wdi).model_copy(update={"prison_code": "WDI"})
    assert isinstance(wdi_release, intake.PersonReleased)
    await feed(svc.app, envelope(qualified(from_bai)), envelope(released(from_bai)))
    await feed(svc.app, envelope(qualified(from_wdi)), envelope(wdi_release))
    for path in ("/referrals?limit=200", "/outcomes/due?limit=200"):
        seen, everyone = await listed_by_scope(svc, "placements", path, "BAI")
        assert str(from_wdi) not in seen and str(from_wdi) in everyone, path
    at_bai = bearer(svc.settings, "placements:read", caseloads=["BAI"])
    referrals = (await svc.client.get("/referrals?limit=200", headers=at_bai)).json()["items"]
    assert str(from_bai) in {item["person_id"] for item in referrals}
