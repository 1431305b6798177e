"""The community-treatment handover through the API (SQLite and PostgreSQL): providers per
area, referral on a release plan with consent, appointment, first attendance or not — each
published thin as intake.community_treatment.* and audited."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.intake.domain.prisons import PRISONS
from pathways.platform.clock import today
from pathways.testing.ids import unique_prison_code
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]


def _code() -> str:
    return "CT-" + uuid.uuid4().hex[:10].upper()


async def _provider(intake, area: str, *, active: bool = True) -> str:
    code = _code()
    body = {"provider_code": code, "name": f"Recovery service {area}",
            "local_authority": area, "active": active}  # fmt: skip
    response = await intake.post("/treatment-providers", body)
    assert response.status_code == 201, response.text
    return code


async def _person(intake, *, consent: bool = True, plan: bool = True) -> tuple[str, str]:
    prison = unique_prison_code(PRISONS)
    person = await intake.receive(prison_code=prison)
    pid = person["person_id"]
    referral = {"referred_on": today().isoformat(), "source": "healthcare",
                "substances": ["opiates"],
                "consents": [{"recipient": "community_treatment", "granted": consent}]}  # fmt: skip
    assert (await intake.post(f"/people/{pid}/referrals", referral)).status_code == 201
    if plan:
        release = {"expected_on": (today() + timedelta(days=10)).isoformat(),
                   "release_type": "conditional_release"}  # fmt: skip
        assert (await intake.post(f"/people/{pid}/release-plans", release)).status_code == 201
    return pid, prison


async def _release(intake, pid: str, days_ago: int = 0) -> None:
    at = datetime.now(UTC) - timedelta(days=days_ago, minutes=1)
    body = {"released_at": at.isoformat(), "destination_area": "Lewisham"}
    response = await intake.post(f"/people/{pid}/releases", body)
    assert response.status_code == 201, response.text


def _errors(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


async def test_providers_are_kept_per_area_and_editable(intake) -> None:
    area = f"Area {uuid.uuid4().hex[:6]}"
    code = await _provider(intake, area)
    found = await intake.client.get("/treatment-providers", params={"local_authority":
                                    area.upper()}, headers=intake.auth("intake:read"))  # fmt: skip
    assert [p["provider_code"] for p in found.json()] == [code]
    body = {"provider_code": code.lower(), "name": "Renamed", "local_authority": area,
            "active": False}  # fmt: skip
    changed = await intake.post("/treatment-providers", body)
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert changed.json()["provider_code"] == code
    refused = await intake.post("/treatment-providers", body,
                                headers=intake.auth("intake:read"))  # fmt: skip
    assert refused.status_code == 403


async def test_referral_appointment_and_attendance_are_published_thin(intake) -> None:
    area = f"Area {uuid.uuid4().hex[:6]}"
    code = await _provider(intake, area)
    pid, prison = await _person(intake)
    body = {"referred_on": today().isoformat(), "destination_area": area}
    referred = await intake.post(f"/people/{pid}/community-treatment/referrals", body)
    assert referred.status_code == 201, referred.text
    assert referred.json()["provider_code"] == code and referred.json()["status"] == "referred"
    offered = await intake.post(f"/people/{pid}/community-treatment/appointment",
                                {"appointment_on": today().isoformat()})  # fmt: skip
    assert offered.json()["appointment_on"] == today().isoformat()
    early = await intake.post(f"/people/{pid}/community-treatment/outcome",
                              {"outcome": "attended", "on": today().isoformat()})  # fmt: skip
    assert _errors(early) == (409, "not_released")
    await _release(intake, pid)
    missed = {"outcome": "did_not_attend", "on": today().isoformat()}
    assert (await intake.post(f"/people/{pid}/community-treatment/outcome", missed)).json()[
        "status"] == "not_engaged"  # fmt: skip
    attended = {"outcome": "attended", "on": today().isoformat()}
    done = await intake.post(f"/people/{pid}/community-treatment/outcome", attended)
    assert done.json()["status"] == "engaged" and done.json()["attended_on"] == attended["on"]
    again = await intake.post(f"/people/{pid}/community-treatment/outcome", attended)
    assert _errors(again) == (409, "already_engaged")
    events = [(k, d) for k, d in await intake.events(pid) if ".community_treatment." in k]
    kinds = [k.split(".")[2] for k, _ in events]
    assert kinds == ["referred", "referred", "not_engaged", "engaged"]
    handover = events[0][1]["handover_id"]
    assert all(d["handover_id"] == handover and d["prison_code"] == prison for _, d in events)
    assert events[2][1]["outcome"] == "did_not_attend"
    assert set(events[3][1]) == {"person_id", "handover_id", "prison_code", "provider_code",
                                 "attended_on"}  # fmt: skip
    listed = await intake.client.get(f"/people/{pid}/community-treatment", headers=intake.auth())
    assert [h["status"] for h in listed.json()] == ["engaged"]
    audits = [a for a in await intake.audits(pid)]
    assert audits.count(("officer-1", "update")) >= 6 and ("officer-1", "read") in audits


async def test_referral_needs_a_plan_consent_and_a_known_active_provider(intake) -> None:
    area = f"Area {uuid.uuid4().hex[:6]}"
    body = {"referred_on": today().isoformat(), "destination_area": area}
    pid, _ = await _person(intake, plan=False)
    await _provider(intake, area)
    url = f"/people/{pid}/community-treatment/referrals"
    assert _errors(await intake.post(url, body)) == (409, "no_release_plan")
    refusing, _ = await _person(intake, consent=False)
    assert _errors(await intake.post(f"/people/{refusing}/community-treatment/referrals",
                                     body)) == (409, "no_consent")  # fmt: skip
    planned, _ = await _person(intake)
    purl = f"/people/{planned}/community-treatment/referrals"
    unknown = {"referred_on": today().isoformat(), "destination_area": "Nowhere " + area}
    assert _errors(await intake.post(purl, unknown)) == (404, "provider_not_found")
    inactive = await _provider(intake, "Closed " + area, active=False)
    closed = {"referred_on": today().isoformat(), "provider_code": inactive}
    assert _errors(await intake.post(purl, closed)) == (409, "provider_inactive")
    future = {**body, "referred_on": (today() + timedelta(days=2)).isoformat()}
    assert (await intake.post(purl, future)).status_code == 422
    outcome = await intake.post(f"/people/{planned}/community-treatment/outcome",
                                {"outcome": "declined", "on": today().isoformat()})  # fmt: skip
    assert _errors(outcome) == (409, "no_handover")


async def test_a_caseload_without_the_persons_prison_is_refused(intake) -> None:
    area = f"Area {uuid.uuid4().hex[:6]}"
    await _provider(intake, area)
    pid, _ = await _person(intake)
    outsider = bearer(intake.settings, "intake", caseloads=[unique_prison_code()])
    body = {"referred_on": today().isoformat(), "destination_area": area}
    refused = await intake.client.post(f"/people/{pid}/community-treatment/referrals",
                                       json=body, headers=outsider)  # fmt: skip
    assert _errors(refused) == (403, "outside_caseload")


async def test_the_extract_is_per_prison_and_range_for_reporting_and_audited(intake) -> None:
    area = f"Area {uuid.uuid4().hex[:6]}"
    code = await _provider(intake, area)
    engaged, prison = await _person(intake)
    body = {"referred_on": today().isoformat(), "destination_area": area}
    await intake.post(f"/people/{engaged}/community-treatment/referrals", body)
    await _release(intake, engaged)
    await intake.post(f"/people/{engaged}/community-treatment/outcome",
                      {"outcome": "attended", "on": today().isoformat()})  # fmt: skip
    plain = await intake.receive(prison_code=prison)
    await _release(intake, plain["person_id"])
    params = {"prison_code": prison, "from": (today() - timedelta(days=1)).isoformat(),
              "to": today().isoformat()}  # fmt: skip
    reporting = bearer(intake.settings, "reporting:read", subject="analyst", caseloads=[prison])
    response = await intake.client.get("/community-treatment/extract.csv", params=params,
                                       headers=reporting)  # fmt: skip
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_id = {r["person_id"]: r for r in rows}
    assert set(by_id) == {engaged, plain["person_id"]}
    row = by_id[engaged]
    assert (row["substances"], row["destination_area"], row["prison_exit_reason"]) == (
        "opiates", "Lewisham", "conditional_release")  # fmt: skip
    assert (row["referral_on_release_status"], row["provider_code"]) == ("referred", code)
    assert row["community_engagement_date"] == today().isoformat()
    assert row["engaged_within_21_days"] == "yes"
    assert by_id[plain["person_id"]]["referral_on_release_status"] == "not_referred"
    assert ("analyst", "export") in await intake.audits(engaged)
    outside = bearer(intake.settings, "reporting", caseloads=[unique_prison_code()])
    refused = await intake.client.get("/community-treatment/extract.csv", params=params,
                                      headers=outside)  # fmt: skip
    assert _errors(refused) == (403, "outside_caseload")
    staff = await intake.client.get("/community-treatment/extract.csv", params=params,
                                    headers=intake.auth("intake"))  # fmt: skip
    assert staff.status_code == 403
    backwards = {**params, "from": params["to"], "to": params["from"]}
    wrong = await intake.client.get("/community-treatment/extract.csv", params=backwards,
                                    headers=reporting)  # fmt: skip
    assert _errors(wrong) == (422, "invalid_range")
