"""The staff API on SQLite and PostgreSQL: mentor lifecycle, matching, bad input, audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def test_a_mentor_trains_qualifies_and_is_listed(svc, events) -> None:
    prison = events.new_prison()
    person = uuid.uuid4()
    body = {"person_id": str(person), "prison_code": prison, "cohort": "Spring 2026", "wing": "b"}
    body["enrolled_on"] = "2025-11-24"
    mentor = await svc.post("/mentors", body, 201)
    assert mentor["status"] == "in_training" and mentor["wing"] == "B"
    path = f"/mentors/{mentor['mentor_id']}"
    await svc.post(f"{path}/modules/conflict_resolution", {"completed_on": "2026-01-05"})
    refused = await svc.client.post(
        f"{path}/qualification", json={"awarded_on": "2026-01-20"}, headers=svc.headers
    )
    assert refused.status_code == 422
    assert refused.json()["error"] == "modules_incomplete"
    assert "interpersonal_skills" in refused.json()["message"]
    assert (await svc.get(path))["status"] == "in_training"  # nothing changed

    for module in ("interpersonal_skills", "mentoring_skills", "drug_alcohol_awareness"):
        await svc.post(f"{path}/modules/{module}", {"completed_on": "2026-01-12"})
    qualified = await svc.post(f"{path}/qualification", {"awarded_on": "2026-01-20"})
    assert (
        qualified["status"] == "qualified"
        and qualified["qualification"]["awarded_on"] == "2026-01-20"
    )
    await svc.post(f"{path}/status", {"action": "activate"})

    page = await svc.get("/mentors", prison_code=prison, status="active")
    assert page["total"] == 1 and page["items"][0]["person_id"] == str(person)
    types = [
        e["module"] for e in await svc.published("mentoring.mentor.module_completed.v1", person)
    ]
    assert len(types) == 4
    assert len(await svc.published("mentoring.mentor.qualified.v1", person)) == 1
    statuses = [
        e["status"] for e in await svc.published("mentoring.mentor.status_changed.v1", person)
    ]
    assert statuses == ["qualified", "active"]
    assert ("coordinator-1", "read", "mentor") in await svc.audited(person)


async def test_bad_input_is_refused_with_a_clear_4xx(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    again = await svc.client.post(
        "/mentors",
        json={"person_id": mentor["person_id"], "prison_code": prison},
        headers=svc.headers,
    )
    assert again.status_code == 409 and again.json()["error"] == "already_enrolled"
    bad_module = await svc.client.post(
        f"/mentors/{mentor['mentor_id']}/modules/juggling",
        json={"completed_on": "2026-01-01"},
        headers=svc.headers,
    )
    assert bad_module.status_code in (409, 422)
    no_reason = await svc.client.post(
        f"/mentors/{mentor['mentor_id']}/status", json={"action": "suspend"}, headers=svc.headers
    )
    assert no_reason.status_code == 422 and no_reason.json()["error"] == "reason_required"
    missing = await svc.client.get(f"/mentors/{uuid.uuid4()}", headers=svc.headers)
    assert missing.status_code == 404


async def test_routes_need_the_mentoring_role(svc) -> None:
    from pathways.testing.service import bearer

    assert (await svc.client.get("/mentors")).status_code == 401
    other = bearer(svc.settings, "family")
    assert (await svc.client.get("/waiting", headers=other)).status_code == 403
    reader = bearer(svc.settings, "mentoring:read")
    assert (await svc.client.get("/waiting", headers=reader)).status_code == 200
    denied = await svc.client.post("/matching/runs", json={"prison_code": "BAI"}, headers=reader)
    assert denied.status_code == 403


async def test_a_referral_is_matched_to_the_best_mentor_with_an_explanation(svc, events) -> None:
    prison = events.new_prison()
    near = await svc.active_mentor(prison, wing="C", lived_experience=["alcohol"])
    await svc.active_mentor(prison, wing="D", lived_experience=["cocaine"])
    person = await svc.newcomer(prison, wing="C", substances=("alcohol",))
    [made] = await svc.published("mentoring.match.made.v1", person)
    assert made["mentor_id"] == near["mentor_id"]
    [match] = (await svc.get("/matches", person_id=str(person)))["items"]
    assert match["status"] == "active" and "same wing C" in match["explanation"]
    assert "lived experience of alcohol" in match["explanation"]
    assert (await svc.get("/waiting", prison_code=prison))["total"] == 0


async def test_manual_matching_enforces_every_hard_rule(svc, events) -> None:
    prison, elsewhere = events.new_prison(), events.new_prison()
    mentor = await svc.active_mentor(prison, capacity=1)
    other = await svc.active_mentor(elsewhere)
    # Mentees wait: received before any mentor fits is impossible here, so fill capacity first.
    first = await svc.newcomer(prison)
    assert len(await svc.published("mentoring.match.made.v1", first)) == 1
    waiting = await svc.newcomer(prison)
    queue = await svc.get("/waiting", prison_code=prison)
    assert [m["person_id"] for m in queue["items"]] == [str(waiting)]

    async def attempt(mentor_id: str) -> tuple[int, str]:
        response = await svc.client.post(
            "/matches",
            json={"mentor_id": mentor_id, "mentee_person_id": str(waiting)},
            headers=svc.headers,
        )
        return response.status_code, response.json().get("error", "")

    assert await attempt(mentor["mentor_id"]) == (409, "mentor_at_capacity")
    assert await attempt(other["mentor_id"]) == (422, "different_prison")
    roomy_person = uuid.uuid4()
    await svc.post(
        "/non-associations",
        {"first_person_id": str(waiting), "second_person_id": str(roomy_person)},
        201,
    )
    roomy = await svc.active_mentor(prison, person=roomy_person)  # activation runs matching
    assert await attempt(roomy["mentor_id"]) == (409, "non_association")
    assert (await svc.get("/waiting", prison_code=prison))["total"] == 1  # nothing changed
    candidates = await svc.get(f"/mentees/{waiting}/candidates")
    reasons = {c["mentor_id"]: c["exclusions"] for c in candidates}
    assert reasons[roomy["mentor_id"]] == ["non_association"]
    assert "mentor_at_capacity" in reasons[mentor["mentor_id"]]


async def test_sessions_are_logged_without_notes_in_events_and_refused_once_ended(
    svc, events
) -> None:
    prison = events.new_prison()
    await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    [match] = (await svc.get("/matches", person_id=str(person)))["items"]
    path = f"/matches/{match['match_id']}"
    from datetime import date

    today = date.today().isoformat()
    session = {
        "kind": "first_night_visit",
        "held_on": today,
        "minutes": 30,
        "notes": "talked about detox",
    }
    await svc.post(f"{path}/sessions", session, 201)
    [logged] = await svc.published("mentoring.session.logged.v1", person)
    assert "notes" not in logged and logged["minutes"] == 30
    detail = await svc.get(path)
    assert detail["sessions"][0]["notes"] == "talked about detox"
    ended = await svc.post(f"{path}/end", {"reason": "completed"})
    assert ended["status"] == "ended" and ended["end_reason"] == "completed"
    late = await svc.client.post(
        f"{path}/sessions", json={**session, "kind": "one_to_one"}, headers=svc.headers
    )
    assert late.status_code == 409 and late.json()["error"] == "match_ended"
    assert len(await svc.published("mentoring.match.ended.v1", person)) == 1
    assert len((await svc.get(path))["sessions"]) == 1
    bad_reason = await svc.client.post(f"{path}/end", json={"reason": "bored"}, headers=svc.headers)
    assert bad_reason.status_code == 422


async def test_suspending_a_mentor_ends_matches_and_rematches_the_mentees(svc, events) -> None:
    prison = events.new_prison()
    first = await svc.active_mentor(prison, capacity=2)
    mentees = [await svc.newcomer(prison) for _ in range(2)]
    assert {
        m["mentor_id"] for p in mentees for m in await svc.published("mentoring.match.made.v1", p)
    } == {first["mentor_id"]}
    second = await svc.active_mentor(prison, capacity=3)
    await svc.post(
        f"/mentors/{first['mentor_id']}/status", {"action": "suspend", "reason": "conduct"}
    )
    for person in mentees:
        [ended] = await svc.published("mentoring.match.ended.v1", person)
        assert ended["reason"] == "mentor_suspended"
        made = await svc.published("mentoring.match.made.v1", person)
        assert [m["mentor_id"] for m in made] == [first["mentor_id"], second["mentor_id"]]


async def test_a_non_association_ends_an_open_match_between_the_two(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = await svc.newcomer(prison)
    ended = await svc.post(
        "/non-associations",
        {"first_person_id": mentor["person_id"], "second_person_id": str(person)},
        201,
    )
    assert [m["end_reason"] for m in ended] == ["safeguarding"]
    again = await svc.client.post(
        "/non-associations",
        json={"first_person_id": str(person), "second_person_id": mentor["person_id"]},
        headers=svc.headers,
    )
    assert again.status_code == 409
    assert (await svc.get("/waiting", prison_code=prison))["items"][0]["person_id"] == str(person)


async def test_more_capacity_takes_the_next_in_the_queue(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison, capacity=1)
    first, second = await svc.newcomer(prison), await svc.newcomer(prison)
    assert await svc.published("mentoring.match.made.v1", second) == []
    [match] = (await svc.get("/matches", person_id=str(first)))["items"]
    alternatives = await svc.get(f"/matches/{match['match_id']}/candidates")
    assert alternatives[0]["mentor_id"] == mentor["mentor_id"]
    response = await svc.client.patch(
        f"/mentors/{mentor['mentor_id']}", json={"capacity": 2, "wing": "c"}, headers=svc.headers
    )
    assert response.status_code == 200 and response.json()["wing"] == "C"
    [made] = await svc.published("mentoring.match.made.v1", second)
    assert made["mentor_id"] == mentor["mentor_id"]
    bad = await svc.client.patch(
        f"/mentors/{mentor['mentor_id']}", json={"capacity": 0}, headers=svc.headers
    )
    assert bad.status_code == 422


async def test_filters_are_validated_and_the_event_catalogue_is_served(svc) -> None:
    for path in ("/mentors?status=asleep", "/mentors?prison_code=belmarsh", "/matches"):
        response = await svc.client.get(path, headers=svc.headers)
        assert response.status_code == 422, path
    document = (await svc.client.get("/asyncapi")).json()
    text = str(document["channels"])
    for event_type in (
        "mentoring.match.made.v1",
        "mentoring.match.ended.v1",
        "mentoring.session.logged.v1",
    ):
        assert event_type in text
    consumed = document["x-pathways-consumes"]["pathways.mentoring"]["events"]
    assert "intake.person.released.v1" in consumed and "intake.person.referred.v1" in consumed


async def test_concurrent_matching_runs_never_overfill_a_mentor(svc, events) -> None:
    import asyncio

    prison = events.new_prison()
    people = [await svc.newcomer(prison) for _ in range(5)]  # nobody to match them yet
    mentor = await svc.post(
        "/mentors",
        {
            "person_id": str(uuid.uuid4()),
            "prison_code": prison,
            "cohort": "C",
            "capacity": 2,
            "enrolled_on": "2025-11-01",
        },
        201,
    )
    path = f"/mentors/{mentor['mentor_id']}"
    for module in (
        "conflict_resolution",
        "interpersonal_skills",
        "mentoring_skills",
        "drug_alcohol_awareness",
    ):
        await svc.post(f"{path}/modules/{module}", {"completed_on": "2026-01-10"})
    await svc.post(f"{path}/qualification", {"awarded_on": "2026-01-20"})
    runs = [
        svc.client.post("/matching/runs", json={"prison_code": prison}, headers=svc.headers)
        for _ in range(3)
    ]
    activate = svc.client.post(f"{path}/status", json={"action": "activate"}, headers=svc.headers)
    answers = await asyncio.gather(activate, *runs)
    assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
    active = (await svc.get("/matches", prison_code=prison, status="active"))["items"]
    assert len(active) == 2 and len({m["mentee_person_id"] for m in active}) == 2
    assert (await svc.get("/waiting", prison_code=prison))["total"] == len(people) - 2


async def test_a_cohort_has_a_start_date_and_the_course_is_six_weeks(svc, events) -> None:
    prison = events.new_prison()
    body = {"name": "Autumn 2025", "prison_code": prison, "starts_on": "2025-11-03"}
    cohort = await svc.post("/cohorts", body, 201)
    assert cohort["course_ends_on"] == "2025-12-15"
    assert (await svc.get(f"/cohorts/{cohort['cohort_id']}"))["name"] == "Autumn 2025"
    enrol = {"person_id": str(uuid.uuid4()), "enrolled_on": "2025-11-03", "wing": "A"}
    mentor = await svc.post(f"/cohorts/{cohort['cohort_id']}/mentors", enrol, 201)
    assert (mentor["status"], mentor["prison_code"]) == ("in_training", prison)
    assert (mentor["cohort_id"], mentor["cohort_starts_on"]) == (cohort["cohort_id"], "2025-11-03")
    path = f"/mentors/{mentor['mentor_id']}"

    early = await svc.client.post(
        f"{path}/modules/conflict_resolution", json={"completed_on": "2025-11-02"},
        headers=svc.headers,
    )  # fmt: skip
    assert early.status_code == 422 and early.json()["error"] == "module_before_enrolment"
    assert "cannot precede enrolment" in early.json()["message"]
    for module in ("conflict_resolution", "interpersonal_skills", "mentoring_skills",
                   "drug_alcohol_awareness"):  # fmt: skip
        await svc.post(f"{path}/modules/{module}", {"completed_on": "2025-12-01"})
    too_soon = await svc.client.post(
        f"{path}/qualification", json={"awarded_on": "2025-12-14"}, headers=svc.headers
    )
    assert too_soon.status_code == 422 and too_soon.json()["error"] == "course_not_finished"
    assert "six weeks" in too_soon.json()["message"]
    assert (await svc.get(path))["status"] == "in_training"  # nothing changed
    qualified = await svc.post(f"{path}/qualification", {"awarded_on": "2025-12-15"})
    assert qualified["status"] == "qualified"


async def test_enrolment_in_a_cohort_elsewhere_or_in_the_future_is_refused(svc, events) -> None:
    prison = events.new_prison()
    body = {"name": "C", "prison_code": prison, "starts_on": "2025-11-03"}
    cohort = await svc.post("/cohorts", body, 201)
    elsewhere = {"person_id": str(uuid.uuid4()), "prison_code": events.new_prison(),
                 "cohort_id": cohort["cohort_id"]}  # fmt: skip
    refused = await svc.client.post("/mentors", json=elsewhere, headers=svc.headers)
    assert refused.status_code == 422 and refused.json()["error"] == "cohort_at_other_prison"
    future = {"person_id": str(uuid.uuid4()), "enrolled_on": "2999-01-01"}
    late = await svc.client.post(
        f"/cohorts/{cohort['cohort_id']}/mentors", json=future, headers=svc.headers
    )
    assert late.status_code == 422 and late.json()["error"] == "date_in_future"
    missing = await svc.client.get(f"/cohorts/{uuid.uuid4()}", headers=svc.headers)
    assert missing.status_code == 404


async def test_a_mentor_released_and_enrolled_again_keeps_the_training(svc, events) -> None:
    prison = events.new_prison()
    person = uuid.uuid4()
    body = {"person_id": str(person), "prison_code": prison, "cohort": "C",
            "enrolled_on": "2025-11-01"}  # fmt: skip
    mentor = await svc.post("/mentors", body, 201)
    path = f"/mentors/{mentor['mentor_id']}"
    await svc.post(f"{path}/modules/conflict_resolution", {"completed_on": "2025-11-10"})
    await svc.deliver(events.released(person, prison))
    assert (await svc.get(path))["status"] == "left"
    later = datetime.now(UTC) + timedelta(seconds=5)
    await svc.deliver(events.received(person, prison, "A", at=later))
    again = await svc.post("/mentors", {**body, "enrolled_on": None}, 201)
    assert again["mentor_id"] == mentor["mentor_id"]
    assert again["modules_completed"] == {"conflict_resolution": "2025-11-10"}
    assert again["status"] == "in_training"
