"""A match recorded after the fact (issue 16): `made_on` on an approval or a hand-made match,
checked (not in the future, not before the mentee's reception, nor before the mentor's
enrolment: a 422 naming the limit), carried by `match.made` as `made_on`; and a release ends
the match on the release's own day (`ended_on`), not when the event was processed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
LONDON = ZoneInfo("Europe/London")  # the service's calendar day (in summer not UTC's)


def _london_today() -> date:
    return datetime.now(LONDON).date()


@pytest.fixture(scope="module")
def service_overrides() -> dict[str, Any]:
    return {"matching_mode": "proposal"}


async def _arrived(svc, events, prison: str, days_ago: int) -> uuid.UUID:
    person = uuid.uuid4()
    at = datetime.now(UTC) - timedelta(days=days_ago)
    await svc.deliver(events.received(person, prison, at=at), events.referred(person))
    return person


async def test_an_approval_after_the_fact_dates_the_match_and_a_release_ends_it_then(
    svc, events
) -> None:
    prison, today = events.new_prison(), _london_today()
    await svc.active_mentor(prison)
    person = await _arrived(svc, events, prison, days_ago=40)
    [proposal] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    url = f"/matches/{proposal['match_id']}/approval"

    async def approve(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = await svc.client.post(url, json=body, headers=svc.headers)
        return response.status_code, response.json()

    code, body = await approve({"approved": True, "made_on": str(today + timedelta(days=1))})
    assert (code, body["error"]) == (422, "made_on_in_future")
    code, body = await approve({"approved": True, "made_on": str(today - timedelta(days=41))})
    assert (code, body["error"]) == (422, "made_on_too_early") and "reception" in body["message"]
    code, body = await approve({"approved": False, "made_on": str(today)})
    assert (code, body["error"]) == (422, "made_on_without_approval")
    code, body = await approve({"approved": "soon", "made_on": "2020-13-01"})
    assert code == 422
    assert await svc.published("mentoring.match.made.v1", person) == []  # nothing changed
    began = today - timedelta(days=35)
    code, body = await approve({"approved": True, "made_on": str(began)})
    assert code == 200 and body["status"] == "active", body
    [made] = await svc.published("mentoring.match.made.v1", person)
    assert made["made_on"] == str(began)
    session = {"kind": "one_to_one", "held_on": str(began + timedelta(days=2)), "minutes": 30}
    await svc.post(f"/matches/{proposal['match_id']}/sessions", session, 201)
    released_at = datetime.now(UTC) - timedelta(days=5)
    await svc.deliver(events.released(person, prison, at=released_at))
    [ended] = await svc.published("mentoring.match.ended.v1", person)
    assert ended["ended_on"] == str(released_at.astimezone(LONDON).date())
    assert ended["reason"] == "released"


async def test_a_match_may_not_begin_before_the_mentors_enrolment(svc, events) -> None:
    prison, enrolled = events.new_prison(), "2025-11-01"  # the helper's mentors enrol then
    mentor = await svc.active_mentor(prison, enrolled_on=enrolled, capacity=1)
    person = await _arrived(svc, events, prison, days_ago=(datetime.now(UTC).date()
                                                          - date(2025, 6, 1)).days)  # fmt: skip
    [proposal] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    await svc.post(f"/matches/{proposal['match_id']}/approval", {"approved": False})
    other = await svc.active_mentor(prison, enrolled_on=enrolled, capacity=1, wing="Q")
    [again] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    assert again["mentor_id"] == other["mentor_id"] != mentor["mentor_id"]
    url = f"/matches/{again['match_id']}/approval"
    body = {"approved": True, "made_on": "2025-10-31"}
    refused = await svc.client.post(url, json=body, headers=svc.headers)
    assert refused.status_code == 422 and refused.json()["error"] == "made_on_too_early"
    assert "enrolment on 2025-11-01" in refused.json()["message"]
    made = await svc.post(url, {**body, "made_on": enrolled}, 200)
    assert made["status"] == "active"
    [event] = await svc.published("mentoring.match.made.v1", person)
    assert event["made_on"] == enrolled
