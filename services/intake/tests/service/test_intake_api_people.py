"""Reception, search, reading and auditing people through the staff API (SQLite and PG)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.postgres]
NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_reception_creates_the_person_and_publishes_received_with_location(intake) -> None:
    screening = {"risk_to_self": "medium", "dependency": "both", "placement": "detox_unit"}
    person = await intake.receive(prison_code="bai", wing="HB3", screening=screening)
    assert person["status"] == "in_custody" and person["prison_code"] == "BAI"
    assert person["prison_name"] == "HMP Belmarsh" and person["readmitted"] is False
    assert person["screening"]["placement"] == "detox_unit"
    [(kind, data)] = await intake.events(person["person_id"])
    assert kind == "intake.person.received.v1"
    assert data["location"] == "HB3" and data["reason"] == "new_admission"
    assert data["prison_number"] == person["prison_number"] and data["prison_code"] == "BAI"
    assert "given_name" not in data and "date_of_birth" not in data and "screening" not in data
    assert await intake.audits(person["person_id"]) == [("officer-1", "create")]


async def test_a_person_in_custody_is_not_received_twice(intake) -> None:
    person = await intake.receive()
    again = await intake.post(
        "/people",
        {"prison_number": person["prison_number"], "prison_code": "PVI",
         "received_at": iso(NOW)},
    )  # fmt: skip
    assert again.status_code == 409 and again.json()["error"] == "already_in_custody"
    assert len(await intake.events(person["person_id"])) == 1


async def test_readmission_after_release_reuses_the_person(intake) -> None:
    person = await intake.receive(received_at=iso(NOW - timedelta(days=60)))
    pid = person["person_id"]
    released = await intake.post(
        f"/people/{pid}/releases", {"released_at": iso(NOW - timedelta(days=20))}
    )
    assert released.status_code == 201, released.text
    back = await intake.post(
        "/people",
        {"prison_number": person["prison_number"], "prison_code": "WWI",
         "received_at": iso(NOW - timedelta(days=2)), "wing": "C"},
    )  # fmt: skip
    assert back.status_code == 201, back.text
    body = back.json()
    assert body["person_id"] == pid and body["readmitted"] is True
    assert body["prison_code"] == "WWI" and body["status"] == "in_custody"
    kinds = [(k, d.get("reason")) for k, d in await intake.events(pid)]
    assert kinds[-1] == ("intake.person.received.v1", "readmission")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"prison_number": "12345AB"}, "invalid_prison_number"),
        ({"prison_number": "A1234B"}, "invalid_prison_number"),
        ({"prison_code": "XXX"}, "unknown_prison_code"),
        ({"received_at": "2026-01-01T10:00:00"}, "naive_datetime"),
        ({"wing": "<script>"}, "invalid_wing"),
        ({"date_of_birth": "2999-01-01"}, "invalid_date_of_birth"),
        ({"category": "Z"}, "invalid_category"),
        ({"given_name": "  "}, "invalid_name"),
        ({"reason": "holiday"}, "invalid_request"),
        ({"screening": {"risk_to_self": "none", "dependency": "none",
                        "placement": "detox_unit"}}, "detox_without_dependency"),
    ],
)  # fmt: skip
async def test_bad_reception_input_is_refused_with_a_clear_message(intake, change, code) -> None:
    body = {
        "prison_number": "Z9876YX",
        "prison_code": "BAI",
        "received_at": iso(NOW),
        **change,
    }
    response = await intake.post("/people", body)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == code and response.json()["message"]
    assert await intake.person_by_number("Z9876YX") is None


async def test_roles_and_tokens(intake) -> None:
    person = await intake.receive()
    path = f"/people/{person['person_id']}"
    assert (await intake.client.get(path)).status_code == 401
    assert (await intake.client.get(path, headers=intake.auth("family"))).status_code == 403
    reader = intake.auth("intake:read", subject="reader-1")
    assert (await intake.client.get(path, headers=reader)).status_code == 200
    refused = await intake.post(f"{path}/recategorisations", {"category": "C"}, headers=reader)
    assert refused.status_code == 403
    assert (await intake.client.get("/prisons")).status_code == 401


async def test_get_person_is_audited_and_unknown_is_404(intake) -> None:
    person = await intake.receive()
    pid = person["person_id"]
    got = await intake.client.get(f"/people/{pid}", headers=intake.auth(subject="reader-2"))
    assert got.status_code == 200
    assert got.json()["given_name"] == "John" and got.json()["date_of_birth"] == "1988-04-02"
    assert ("reader-2", "read") in await intake.audits(pid)
    missing = await intake.client.get(
        "/people/00000000-0000-0000-0000-000000000000", headers=intake.auth()
    )
    assert missing.status_code == 404 and missing.json()["error"] == "person_not_found"


async def test_search_by_prison_is_paginated_and_audited(intake) -> None:
    people = [await intake.receive(prison_code="LWI") for _ in range(3)]
    page = await intake.client.get(
        "/people", params={"prison_code": "LWI", "limit": 2}, headers=intake.auth()
    )
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 3 and body["limit"] == 2 and len(body["items"]) == 2
    rest = await intake.client.get(
        "/people", params={"prison_code": "LWI", "limit": 2, "offset": 2}, headers=intake.auth()
    )
    numbers = [p["prison_number"] for p in body["items"] + rest.json()["items"]]
    assert numbers == sorted(p["prison_number"] for p in people)
    one = await intake.person_by_number(people[0]["prison_number"].lower())
    assert one is not None and one["person_id"] == people[0]["person_id"]
    assert ("officer-1", "list") in await intake.audits(people[0]["person_id"])
    bad = await intake.client.get("/people", params={"prison_code": "NOPE"}, headers=intake.auth())
    assert bad.status_code == 422


async def test_details_for_someone_the_feed_created_can_be_recorded(intake) -> None:
    person = await intake.receive(given_name=None, family_name=None, date_of_birth=None)
    pid = person["person_id"]
    response = await intake.client.patch(
        f"/people/{pid}",
        json={"given_name": "Ann", "family_name": "Lee", "wing": "A-2-014",
              "screening": {"risk_to_self": "none", "dependency": "alcohol",
                            "placement": "first_night_centre"}},
        headers=intake.auth(),
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["given_name"] == "Ann" and response.json()["wing"] == "A-2-014"
    events = await intake.events(pid)  # nothing personal leaves intake; the wing move does
    assert [e[0] for e in events][1:] == ["intake.person.location_changed.v1"]
    assert set(events[1][1]) == {"person_id", "prison_code", "location", "changed_at"}


async def test_the_prison_reference_list(intake) -> None:
    response = await intake.client.get("/prisons", headers=intake.auth("intake:read"))
    codes = {p["code"]: p["name"] for p in response.json()}
    assert codes["BAI"] == "HMP Belmarsh" and codes["BMI"] == "HMP Birmingham"
    assert len(codes) > 100
