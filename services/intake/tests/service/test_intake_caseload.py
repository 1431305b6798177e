"""Caseload access on intake (SQLite and PostgreSQL): every route of the OpenAPI document
that points to a person refuses a token whose caseload lacks the person's prison, and says
so in the audit; lists show only the caseload's prisons; national scope sees everyone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from pathways.platform.security import load_or_create_dev_key
from pathways.testing.caseload import probe_caseloads, record_routes
from pathways.testing.service import audit_rows, bearer

pytestmark = [pytest.mark.postgres]


async def test_every_person_route_refuses_a_caseload_without_the_persons_prison(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    values = {"person_id": person["person_id"], "absence_id": str(uuid.uuid4())}
    answers, refused = await probe_caseloads(
        intake, "intake", values, outside="WDI", local=["BAI", "WDI"]
    )
    assert len(answers) >= 10 and set(answers.values()) == {403}, answers
    assert {entry["resource"] for entry in refused} == set(answers)
    assert all(entry["why"] == entry["resource"] for entry in refused)


async def test_a_reception_at_a_prison_outside_the_caseload_is_refused(intake) -> None:
    body = {"prison_number": intake.new_prison_number(), "prison_code": "bai",
            "received_at": "2026-01-02T10:00:00+00:00"}  # fmt: skip
    outsider = bearer(intake.settings, "intake", caseloads=["WDI"])
    refused = await intake.client.post("/people", json=body, headers=outsider)
    assert refused.status_code == 403 and refused.json()["error"] == "outside_caseload"
    assert set(refused.json()) == {"error", "message", "details"}
    local = bearer(intake.settings, "intake", caseloads=["BAI"])
    assert (await intake.client.post("/people", json=body, headers=local)).status_code == 201


async def test_lists_show_only_the_caseloads_prisons_and_national_scope_sees_all(intake) -> None:
    at_bai = await intake.receive(prison_code="BAI")
    at_pvi = await intake.receive(prison_code="PVI")
    local = bearer(intake.settings, "intake:read", caseloads=["BAI"])
    page = (await intake.client.get("/people", params={"limit": 500}, headers=local)).json()
    listed = {p["person_id"] for p in page["items"]}
    assert at_bai["person_id"] in listed and at_pvi["person_id"] not in listed
    assert {p["prison_code"] for p in page["items"]} == {"BAI"}
    national = bearer(intake.settings, "intake:read:all")
    page = (await intake.client.get("/people", params={"limit": 500}, headers=national)).json()
    assert {at_bai["person_id"], at_pvi["person_id"]} <= {p["person_id"] for p in page["items"]}
    asked = await intake.client.get("/people", params={"prison_code": "PVI"}, headers=local)
    assert asked.status_code == 403


async def test_a_purpose_header_is_kept_with_the_audit_row(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    reader = {**bearer(intake.settings, "intake:read", subject="reviewer-7", caseloads=["BAI"]),
              "X-Purpose": "case review 2026-12"}  # fmt: skip
    assert (await intake.client.get(f"/people/{person['person_id']}", headers=reader)).is_success
    [entry] = await audit_rows(intake, person["person_id"], "reviewer-7")
    assert entry["action"] == "read" and entry["why"] == "case review 2026-12"
    assert record_routes(intake.app)  # the document lists the person routes


@pytest.mark.parametrize(
    "caseloads", ["BAI,WDI", ["bai"], [1], ["BAI", None], {"BAI": True}, ["BAIX"], ["B"] * 300]
)
async def test_a_malformed_caseloads_claim_is_refused_like_bad_roles(intake, caseloads) -> None:
    key = load_or_create_dev_key(intake.settings.auth_dev_key_file)
    claims = {"sub": "officer", "roles": ["intake"], "caseloads": caseloads,
              "iss": intake.settings.auth_issuer, "aud": intake.settings.auth_audience,
              "exp": datetime.now(UTC) + timedelta(minutes=5)}  # fmt: skip
    token = jwt.encode(claims, key, algorithm="RS256")
    response = await intake.client.get("/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and "caseloads" in response.json()["message"]


async def test_the_audit_query_is_bounded_by_time_and_admin_only(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    admin, params = bearer(intake.settings, "admin"), {"person_id": person["person_id"]}
    everything = (await intake.client.get("/admin/audit", params=params, headers=admin)).json()
    assert everything["total"] >= 1
    later = {**params, "from": (datetime.now(UTC) + timedelta(hours=1)).isoformat()}
    assert (await intake.client.get("/admin/audit", params=later, headers=admin)).json()[
        "total"
    ] == 0
    earlier = {**params, "to": "2000-01-01T00:00:00Z"}
    assert (await intake.client.get("/admin/audit", params=earlier, headers=admin)).json()[
        "total"
    ] == 0
    bad = {"from": "10000-01-01T00:00:00Z"}
    assert (await intake.client.get("/admin/audit", params=bad, headers=admin)).status_code == 422
    staff = bearer(intake.settings, "intake")
    assert (await intake.client.get("/admin/audit", headers=staff)).status_code == 403
