"""Future movements, concurrent changes, and the AsyncAPI and OpenAPI documents."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.contracts.intake import EVENTS
from pathways.intake.domain.feed import MOVEMENT_EVENT_TYPES
from pathways.platform.errors import Conflict

pytestmark = [pytest.mark.postgres]
NOW = datetime.now(UTC)
LATER = (NOW + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("releases", {"released_at": LATER}),
        ("transfers", {"to_prison_code": "HOI", "transferred_at": LATER}),
        ("temporary-absences", {"kind": "special_purpose", "starts_at": LATER,
                                "ends_at": (NOW + timedelta(days=2)).isoformat()}),
    ],
)  # fmt: skip
async def test_movements_in_the_future_are_refused(intake, path, body) -> None:
    person = await intake.receive()
    response = await intake.post(f"/people/{person['person_id']}/{path}", body)
    assert response.status_code == 422 and response.json()["error"] == "movement_in_future"
    assert len(await intake.events(person["person_id"])) == 1


async def test_a_future_reception_is_refused(intake) -> None:
    response = await intake.post(
        "/people",
        {"prison_number": intake.new_prison_number(), "prison_code": "BAI", "received_at": LATER},
    )
    assert response.status_code == 422 and response.json()["error"] == "movement_in_future"


async def test_a_concurrent_change_to_the_same_person_is_refused(intake) -> None:
    person_id = uuid.UUID((await intake.receive())["person_id"])
    new_uow = intake.app.state.runtime.new_uow
    async with new_uow() as first, new_uow() as second:
        mine = await first.people.get(person_id)
        theirs = await second.people.get(person_id)
        mine.recategorise("C")
        await first.people.save(mine)
        await first.commit()
        theirs.recategorise("B")
        with pytest.raises(Conflict):
            await second.people.save(theirs)
    got = await intake.client.get(f"/people/{person_id}", headers=intake.auth())
    assert got.json()["category"] == "C"


async def test_asyncapi_lists_every_event_published_and_consumed(intake) -> None:
    document = (await intake.client.get("/asyncapi")).json()
    assert set(document["x-pathways-publishes"]) == {e.event_type for e in EVENTS}
    consumed = document["x-pathways-consumes"]["pathways.intake"]
    assert consumed["topics"] == ["hmpps.domain-events"]
    assert set(consumed["events"]) == MOVEMENT_EVENT_TYPES


async def test_openapi_describes_every_route_with_examples_and_roles(intake) -> None:
    document = (await intake.client.get("/openapi.json")).json()
    prefixes = ("/people", "/prisons", "/treatment-providers", "/community-treatment")
    ours = {p: ops for p, ops in document["paths"].items() if p.startswith(prefixes)}
    assert set(ours) == {
        "/people", "/people/{person_id}", "/people/{person_id}/assessments",
        "/people/{person_id}/location", "/people/{person_id}/recategorisations",
        "/people/{person_id}/referrals",
        "/people/{person_id}/consents",
        "/people/{person_id}/release-plans", "/people/{person_id}/release-plans/cancellation",
        "/people/{person_id}/releases", "/people/{person_id}/temporary-absences",
        "/people/{person_id}/temporary-absences/{absence_id}/end",
        "/people/{person_id}/transfers", "/prisons",
        "/people/{person_id}/community-treatment",
        "/people/{person_id}/community-treatment/referrals",
        "/people/{person_id}/community-treatment/appointment",
        "/people/{person_id}/community-treatment/outcome",
        "/treatment-providers", "/community-treatment/extract.csv",
    }  # fmt: skip
    for path, operations in ours.items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            body = operation.get("requestBody")
            if body is None:
                continue
            ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert document["components"]["schemas"][ref].get("examples"), (method, path)
    unauthenticated = await intake.client.post("/people", json={})
    assert unauthenticated.status_code == 401
