"""Subject access on intake (SQLite and PostgreSQL): `GET /subject-access-request?prn=`
gives the person's record, referrals and audit with staff named by role only; 204 for a
prison number intake does not know; 400 with the common body on bad input; `sar` role only;
every request is audited with why=subject_access_request."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from pathways.platform.clock import today
from pathways.testing.service import audit_rows, bearer

pytestmark = [pytest.mark.postgres]
SAR = "/subject-access-request"
SEARCH_RECEIVED = "prisoner-offender-search.prisoner.received"


async def _referred(intake) -> dict:
    person = await intake.receive()
    body = {"referred_on": today().isoformat(), "source": "self", "substances": ["alcohol"],
            "consents": [{"recipient": "mentoring", "granted": True}]}  # fmt: skip
    response = await intake.post(f"/people/{person['person_id']}/referrals", body)
    assert response.status_code == 201, response.text
    return person


async def test_a_sar_gives_the_persons_record_with_staff_by_role_only(intake) -> None:
    person, other = await _referred(intake), await _referred(intake)
    sar = bearer(intake.settings, "sar", subject="ia-officer")
    response = await intake.client.get(SAR, params={"prn": person["prison_number"]}, headers=sar)
    assert response.status_code == 200, response.text
    content = response.json()["content"]
    [record] = content["people"]
    assert record["person_id"] == person["person_id"]
    assert record["name"] == ["John", "Smith"] and len(record["referrals"]) == 1
    assert {e["action"] for e in content["audit"]} >= {"create", "update"}
    assert {e["who"] for e in content["audit"]} == {"intake team staff"}
    text = json.dumps(content)
    assert "officer-1" not in text and "ia-officer" not in text  # no staff ids
    assert other["person_id"] not in text and other["prison_number"] not in text

    [entry] = await audit_rows(intake, person["person_id"], "ia-officer")
    assert (entry["action"], entry["why"]) == ("subject_access", "subject_access_request")


async def test_dates_filter_the_records_by_their_time(intake) -> None:
    person = await _referred(intake)
    sar = bearer(intake.settings, "sar")
    later = (today() + timedelta(days=1)).isoformat()
    params = {"prn": person["prison_number"], "fromDate": later}
    content = (await intake.client.get(SAR, params=params, headers=sar)).json()["content"]
    assert content["people"][0]["referrals"] == [] and "audit" not in content


async def test_nothing_held_is_204_and_bad_input_400_and_only_the_sar_role(intake) -> None:
    sar = bearer(intake.settings, "sar")
    unknown = await intake.client.get(SAR, params={"prn": "Z9999ZZ"}, headers=sar)
    assert unknown.status_code == 204 and unknown.content == b""
    bad_inputs = [
        {},
        {"prn": "not-a-number"},
        {"prn": "A1234BC", "fromDate": "31/01/2026"},
        {"prn": "A1234BC", "fromDate": "2026-02-01", "toDate": "2026-01-01"},
    ]
    for params in bad_inputs:
        bad = await intake.client.get(SAR, params=params, headers=sar)
        assert bad.status_code == 400, (params, bad.text)
        assert bad.json()["error"] == "bad_request" and set(bad.json()) == {
            "error", "message", "details"}  # fmt: skip
    refused = await intake.client.get(SAR, params={"prn": "A1234BC"}, headers=intake.auth())
    assert refused.status_code == 403


async def test_what_the_movement_feed_did_is_named_as_the_feed(intake) -> None:
    noms, at = intake.new_prison_number(), datetime.now(UTC) - timedelta(days=1)
    await intake.feed(intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "PVI", at))
    sar = bearer(intake.settings, "sar")
    content = (await intake.client.get(SAR, params={"prn": noms}, headers=sar)).json()["content"]
    assert content["people"][0]["prison_code"] == "PVI"
    assert [(e["action"], e["who"]) for e in content["audit"]] == [
        ("create", "the prison's movement feed")
    ]
