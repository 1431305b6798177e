"""The case API on SQLite and PostgreSQL: opening, reading, recording, refusals, audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

pytestmark = [pytest.mark.postgres]


async def test_a_case_for_an_unknown_or_duplicate_person_is_refused(family) -> None:
    stranger = uuid.uuid4()
    response = await family.client.post(
        "/cases", json={"person_id": str(stranger)}, headers=family.auth()
    )
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_person"
    assert await family.published(stranger) == []

    person = await family.known_person()
    case = await family.open_case(person)
    again = await family.client.post(
        "/cases", json={"person_id": str(person)}, headers=family.auth()
    )
    assert again.status_code == 409 and again.json()["error"] == "case_exists"
    opened = await family.published(person, "family.case.opened.v1")
    assert [e["data"] for e in opened] == [{"case_id": case["case_id"], "person_id": str(person)}]


async def test_opening_a_case_reads_what_family_knows_of_the_person_once(family) -> None:
    """The use case asks twice (known? consents?): one read of the row answers both."""
    person = await family.known_person()
    engine = family.app.state.runtime.sessions.kw["bind"].sync_engine
    reads: list[str] = []

    def seen(connection, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if "FROM known_people" in statement and "family_consent" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        await family.open_case(person)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(reads) == 1, reads


async def test_reading_a_case_shows_everything_and_the_restrictions_in_force(family) -> None:
    person = await family.known_person()
    case = await family.open_case(person)
    base, headers = f"/cases/{case['case_id']}", family.auth()
    member = {"name": "Sam Smith", "relationship": "child", "is_child": True,
              "contact": {"phone": "07700 900123"}}  # fmt: skip
    assert (
        await family.client.post(f"{base}/members", json=member, headers=headers)
    ).status_code == 201
    agency = {"kind": "childrens_social_worker", "name": "A. Worker", "organisation": "CSC"}
    posted = await family.client.post(f"{base}/agency-contacts", json=agency, headers=headers)
    assert posted.status_code == 201
    flag = {"kind": "child_protection_plan", "details": "plan in place"}
    assert (
        await family.client.post(f"{base}/safeguarding-flags", json=flag, headers=headers)
    ).status_code == 201
    today = datetime.now(UTC).date()
    restriction = {"kind": "home_visit", "starts_on": today.isoformat(), "reason": "CP plan"}
    imposed = await family.client.post(f"{base}/restrictions", json=restriction, headers=headers)
    assert imposed.status_code == 201, imposed.text

    for read in (
        await family.client.get(base, headers=headers),
        await family.client.get("/cases", params={"person_id": str(person)}, headers=headers),
    ):
        assert read.status_code == 200, read.text
        body = read.json()
        shown = body if "case_id" in body else body["items"][0]
        assert [r["kind"] for r in shown["restrictions_in_force"]] == ["home_visit"]
        assert "restricted" in shown["restrictions_in_force"][0]["description"]
        assert [f["kind"] for f in shown["open_safeguarding_flags"]] == ["child_protection_plan"]
    detail = (await family.client.get(base, headers=headers)).json()
    assert detail["members"][0]["name"] == "Sam Smith"
    assert detail["members"][0]["contact"]["phone"] == "07700 900123"
    assert detail["agency_contacts"][0]["kind"] == "childrens_social_worker"
    listing = await family.client.get("/cases", params={"person_id": str(person)}, headers=headers)
    assert listing.json()["total"] == 1 and listing.json()["limit"] == 50
    actions = await family.audit_rows(person)
    assert ("fw.jones", "read", "family_case") in actions
    assert ("fw.jones", "create", "family_case") in actions
    assert ("fw.jones", "update", "restriction") in actions


async def test_contact_against_a_restriction_is_refused_and_nothing_changes(family) -> None:
    person = await family.known_person()
    case = await family.open_case(person)
    base, headers = f"/cases/{case['case_id']}", family.auth()
    today = datetime.now(UTC).date()
    restriction = {
        "kind": "phone",
        "starts_on": (today - timedelta(days=3)).isoformat(),
        "ends_on": (today + timedelta(days=3)).isoformat(),
        "reason": "court order",
    }
    imposed = (
        await family.client.post(f"{base}/restrictions", json=restriction, headers=headers)
    ).json()
    contact = {"kind": "phone", "on": today.isoformat(), "outcome": "contact_made", "notes": "n"}
    refused = await family.client.post(f"{base}/contacts", json=contact, headers=headers)
    assert refused.status_code == 409 and refused.json()["error"] == "contact_restricted"
    assert "phone contact is restricted" in refused.json()["message"]

    visit = {**contact, "kind": "home_visit", "notes": "Private: mum upset"}
    held = await family.client.post(f"{base}/contacts", json=visit, headers=headers)
    assert held.status_code == 201, held.text
    lift = {"lifted_on": today.isoformat()}
    lifted = await family.client.post(
        f"{base}/restrictions/{imposed['restriction_id']}/lift", json=lift, headers=headers
    )
    assert lifted.status_code == 200
    assert (
        await family.client.post(f"{base}/contacts", json=contact, headers=headers)
    ).status_code == 201

    detail = (await family.client.get(base, headers=headers)).json()
    assert sorted(c["kind"] for c in detail["contacts"]) == ["home_visit", "phone"]
    assert detail["restrictions_in_force"] == []
    recorded = await family.published(person, "family.contact.recorded.v1")
    assert sorted(e["data"]["kind"] for e in recorded) == ["home_visit", "phone"]
    everything = str(await family.published(person))
    assert "Private" not in everything and "notes" not in everything


async def test_sharing_needs_consent_in_force(family) -> None:
    person = await family.known_person()
    case = await family.open_case(person)
    base, headers = f"/cases/{case['case_id']}", family.auth()
    share = {"recipient": "social_services"}
    refused = await family.client.post(f"{base}/sharing", json=share, headers=headers)
    assert refused.status_code == 409 and refused.json()["error"] == "no_consent_to_share"
    no_scope = {"recipient": "social_services", "granted": True}
    bad = await family.client.post(f"{base}/consents", json=no_scope, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"] == "consent_scope_required"
    consent = {**no_scope, "scope": "release plan"}
    assert (
        await family.client.post(f"{base}/consents", json=consent, headers=headers)
    ).status_code == 201
    shared = await family.client.post(f"{base}/sharing", json=share, headers=headers)
    assert shared.status_code == 201 and shared.json()["consent"]["scope"] == "release plan"
    detail = (await family.client.get(base, headers=headers)).json()
    assert len(detail["sharing"]) == 1 and len(detail["consents"]) == 1


async def test_bad_input_and_missing_things_are_clear_4xx(family) -> None:
    person = await family.known_person()
    case = await family.open_case(person)
    base, headers = f"/cases/{case['case_id']}", family.auth()
    missing = await family.client.get(f"/cases/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"] == "no_case"
    bad_kind = await family.client.post(
        f"{base}/contacts", json={"kind": "carrier_pigeon", "on": "2026-01-01"}, headers=headers
    )
    assert bad_kind.status_code == 422
    no_outcome = await family.client.post(
        f"{base}/contacts", json={"kind": "phone", "on": "2020-01-01"}, headers=headers
    )
    assert no_outcome.status_code == 422 and no_outcome.json()["error"] == "outcome_required"
    blank = await family.client.post(
        f"{base}/members", json={"name": "  ", "relationship": "parent"}, headers=headers
    )
    assert blank.status_code == 422 and blank.json()["error"] == "member_name_required"
    assert (await family.client.get(base, headers=headers)).json()["members"] == []


async def test_every_route_needs_the_family_role(family) -> None:
    person = await family.known_person()
    case = await family.open_case(person)
    routes = [
        ("get", "/cases", None), ("get", f"/cases/{case['case_id']}", None),
        ("get", "/tasks", None), ("get", "/tasks/overdue", None),
        ("post", "/cases", {"person_id": str(person)}),
        ("post", f"/cases/{case['case_id']}/members", {"name": "X", "relationship": "parent"}),
        ("post", f"/tasks/{uuid.uuid4()}/completion", {"outcome": "contact_made"}),
    ]  # fmt: skip
    for method, path, body in routes:
        kwargs = {"json": body} if body is not None else {}
        assert (await family.client.request(method, path, **kwargs)).status_code == 401, path
        other = await family.client.request(method, path, headers=family.auth("intake"), **kwargs)
        assert other.status_code == 403, path
        if method == "post":
            read_only = family.auth("family:read")
            assert (
                await family.client.request(method, path, headers=read_only, **kwargs)
            ).status_code == 403
        else:
            assert (
                await family.client.get(path, headers=family.auth("family:read"))
            ).status_code == 200


async def test_the_asyncapi_document_lists_what_the_service_consumes_and_publishes(family) -> None:
    response = await family.client.get("/asyncapi", headers=family.auth("admin"))
    assert response.status_code == 200, response.text
    document = str(response.json())
    for event_type in (
        "family.case.opened.v1",
        "family.contact.recorded.v1",
        "family.followup.scheduled.v1",
        "family.followup.completed.v1",
        "intake.person.released.v1",
        "intake.release.scheduled.v1",
        "intake.person.transferred.v1",
        "intake.person.received.v1",
    ):
        assert event_type in document, event_type
