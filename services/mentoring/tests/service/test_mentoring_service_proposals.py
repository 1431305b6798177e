"""Proposal mode with custom weights: matching runs propose, a coordinator approves."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


@pytest.fixture(scope="module")
def service_overrides() -> dict[str, Any]:
    return {"matching_mode": "proposal", "matching_weights": {"same_wing": 10.0}}


async def test_a_referral_gets_a_proposal_and_approval_makes_the_match(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    assert await svc.published("mentoring.match.made.v1", person) == []
    [proposal] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    assert (
        proposal["mentee_person_id"] == str(person)
        and "same wing A (+10.0)" in proposal["explanation"]
    )
    approved = await svc.post(f"/matches/{proposal['match_id']}/approval", {"approved": True})
    assert approved["status"] == "active"
    [made] = await svc.published("mentoring.match.made.v1", person)
    assert made["mentor_id"] == mentor["mentor_id"]
    twice = await svc.client.post(
        f"/matches/{proposal['match_id']}/approval", json={"approved": True}, headers=svc.headers
    )
    assert twice.status_code == 409


async def test_a_turned_down_proposal_is_not_proposed_again(svc, events) -> None:
    prison = events.new_prison()
    await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    [proposal] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    rejected = await svc.post(f"/matches/{proposal['match_id']}/approval", {"approved": False})
    assert rejected["status"] == "ended" and rejected["end_reason"] == "not_approved"
    assert await svc.published("mentoring.match.ended.v1", person) == []  # never made
    assert (await svc.get("/matches", prison_code=prison, status="proposed"))["total"] == 0
    run = await svc.post("/matching/runs", {"prison_code": prison})
    assert (
        run["mode"] == "proposal" and run["matches"] == [] and run["still_waiting"] == [str(person)]
    )
    other = await svc.active_mentor(prison, wing="Q")
    [again] = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    assert again["mentor_id"] == other["mentor_id"]


async def test_a_matching_run_proposes_for_the_whole_queue_with_explanations(svc, events) -> None:
    prison = events.new_prison()
    people = [uuid.uuid4() for _ in range(3)]
    for person in people:
        await svc.deliver(events.received(person, prison, "A"), events.referred(person))
    assert (await svc.get("/waiting", prison_code=prison))["total"] == 3
    mentor = await svc.post(
        "/mentors",
        {
            "person_id": str(uuid.uuid4()),
            "prison_code": prison,
            "cohort": "C1",
            "capacity": 2,
            "enrolled_on": "2025-11-01",
        },
        201,
    )
    run = await svc.post("/matching/runs", {"prison_code": prison})
    assert run["matches"] == []  # not active yet: nobody fits
    for module in (
        "conflict_resolution",
        "interpersonal_skills",
        "mentoring_skills",
        "drug_alcohol_awareness",
    ):
        await svc.post(
            f"/mentors/{mentor['mentor_id']}/modules/{module}", {"completed_on": "2026-01-10"}
        )
    await svc.post(f"/mentors/{mentor['mentor_id']}/qualification", {"awarded_on": "2026-01-20"})
    await svc.post(f"/mentors/{mentor['mentor_id']}/status", {"action": "activate"})
    proposals = (await svc.get("/matches", prison_code=prison, status="proposed"))["items"]
    assert len(proposals) == 2 and all("load" in p["explanation"] for p in proposals)
    assert (await svc.get("/waiting", prison_code=prison))["total"] == 1
