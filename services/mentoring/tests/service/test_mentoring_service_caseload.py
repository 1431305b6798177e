"""Caseload access on mentoring (SQLite and PostgreSQL): every route of the OpenAPI document
that points to a person, mentor, match or cohort refuses a token whose caseload lacks the
person's prison — the one intake's custody events last named — and audits the refusal."""

from __future__ import annotations

import pytest

from pathways.testing.caseload import probe_caseloads
from pathways.testing.service import bearer

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def _records(svc, prison: str) -> dict[str, str]:
    mentor = await svc.active_mentor(prison)
    mentee = await svc.newcomer(prison)  # matched automatically with the waiting mentor
    [match] = (await svc.get("/matches", person_id=str(mentee)))["items"]
    cohort = await svc.post(
        "/cohorts", {"name": "Autumn", "prison_code": prison, "starts_on": "2026-09-07"}, 201
    )
    return {"person_id": str(mentee), "mentor_id": mentor["mentor_id"],
            "match_id": match["match_id"], "cohort_id": cohort["cohort_id"],
            "module": "recovery_basics"}  # fmt: skip


async def test_every_record_route_refuses_a_caseload_without_the_prison(svc, events) -> None:
    prison, elsewhere = events.new_prison(), events.new_prison()
    values = await _records(svc, prison)
    answers, refused = await probe_caseloads(
        svc, "mentoring", values, outside=elsewhere, local=[prison]
    )
    assert len(answers) >= 12 and set(answers.values()) == {403}, answers
    assert {"GET /mentees/{person_id}/candidates", "GET /matches/{match_id}"} <= {
        entry["resource"] for entry in refused
    }


async def test_after_a_transfer_or_release_the_person_follows_their_prison(svc, events) -> None:
    first, second = events.new_prison(), events.new_prison()
    person = await svc.newcomer(first)
    path = f"/mentees/{person}/candidates"
    at_first = bearer(svc.settings, "mentoring:read", caseloads=[first])
    at_second = bearer(svc.settings, "mentoring:read", caseloads=[second])
    assert (await svc.client.get(path, headers=at_first)).status_code == 200
    assert (await svc.client.get(path, headers=at_second)).status_code == 403
    await svc.deliver(events.transferred(person, first, second))
    assert (await svc.client.get(path, headers=at_first)).status_code == 403
    assert (await svc.client.get(path, headers=at_second)).status_code == 200
    await svc.deliver(events.released(person, second))  # their last prison keeps them
    assert (await svc.client.get(path, headers=at_second)).status_code == 200


async def test_lists_show_the_caseloads_prisons_and_national_scope_sees_all(svc, events) -> None:
    mine, theirs = events.new_prison(), events.new_prison()
    my_mentor, their_mentor = await svc.active_mentor(mine), await svc.active_mentor(theirs)
    local = bearer(svc.settings, "mentoring:read", caseloads=[mine])
    page = (await svc.client.get("/mentors", params={"limit": 200}, headers=local)).json()
    assert {m["prison_code"] for m in page["items"]} == {mine}
    national = bearer(svc.settings, "mentoring:read:all")
    page = (await svc.client.get("/mentors", params={"limit": 200}, headers=national)).json()
    listed = {m["mentor_id"] for m in page["items"]}
    assert {my_mentor["mentor_id"], their_mentor["mentor_id"]} <= listed or page["total"] > 200
    asked = await svc.client.get("/waiting", params={"prison_code": theirs}, headers=local)
    assert asked.status_code == 403
    unknown = (await svc.client.get("/waiting", headers=local)).json()
    assert unknown["items"] == []  # people whose prison is unknown: national scope only
