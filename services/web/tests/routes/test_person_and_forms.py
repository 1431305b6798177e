"""The person page across services (countdown, Friday warning, a service down), the
reception and referral forms (API messages in the error summary), the family follow-up and
the mentoring decisions."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import httpx
from web_fakes import csrf_of, page_of, person, sign_in


def _next_friday(after: int = 3) -> date:
    day = date.today() + timedelta(days=after)
    return day + timedelta(days=(4 - day.weekday()) % 7)


def test_person_page_counts_down_to_a_friday_release_and_survives_a_service_down(
    client, fake, bases
):
    friday = _next_friday()
    sam = person(
        release_plan={"expected_on": friday.isoformat(), "release_type": "conditional_release"}
    )
    pid = sam["person_id"]
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=sam)
    fake.get(f"{bases['mentoring']}/matches").mock(side_effect=httpx.ConnectError("down"))
    fake.get(f"{bases['family']}/cases").respond(json=page_of([]))
    fake.get(f"{bases['intake']}/people/{pid}/community-treatment").respond(json=[])
    fake.get(f"{bases['intake']}/treatment-providers").respond(json=[])
    sign_in(client, ["intake", "mentoring", "family"])
    html = client.get(f"/people/{pid}").text
    assert "Not referred to a community treatment provider." in html  # on a release plan
    days = (friday - date.today()).days
    assert f"Release in {days} day" in html
    assert "Friday release" in html
    assert "The mentoring service is not available" in html
    assert "No family case." in html


def test_unknown_person_is_404(client, fake, bases):
    pid = uuid.uuid4()
    fake.get(f"{bases['intake']}/people/{pid}").respond(
        404, json={"error": "not_found", "message": "no such person"}
    )
    sign_in(client, ["intake"])
    assert client.get(f"/people/{pid}").status_code == 404


def test_reception_shows_the_apis_validation_message_in_the_error_summary(client, fake, bases):
    fake.post(f"{bases['intake']}/people").respond(
        422,
        json={
            "detail": [
                {
                    "loc": ["body", "prison_number"],
                    "msg": "must look like A1234BC",
                    "type": "value_error",
                }
            ]
        },
    )
    sign_in(client, ["intake"])
    token = csrf_of(client.get("/reception").text)
    response = client.post(
        "/reception",
        data={
            "prison_number": "12",
            "prison_code": "BAI",
            "placement": "detox_unit",
            "csrftoken": token,
        },
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert 'href="#prison_number"' in response.text and "must look like A1234BC" in response.text


def test_reception_then_referral_with_consent_per_team(client, fake, bases):
    sam = person()
    pid = sam["person_id"]
    received = fake.post(f"{bases['intake']}/people").respond(
        201, json={**sam, "readmitted": False}
    )
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=sam)
    referred = fake.post(f"{bases['intake']}/people/{pid}/referrals").respond(201, json={})
    sign_in(client, ["intake"])
    token = csrf_of(client.get("/reception").text)
    response = client.post(
        "/reception",
        data={
            "prison_number": "a1234bc",
            "given_name": "Sam",
            "family_name": "Jones",
            "prison_code": "BAI",
            "placement": "detox_unit",
            "dependency": "drugs",
            "risk_to_self": "low",
            "on_medication": "yes",
            "csrftoken": token,
        },
    )
    assert str(response.url).endswith(f"/people/{pid}/referral")
    body = json.loads(received.calls.last.request.content)
    assert body["prison_number"] == "A1234BC"
    assert body["screening"] == {
        "risk_to_self": "low",
        "dependency": "drugs",
        "placement": "detox_unit",
        "on_medication": True,
        "learning_needs": False,
        "next_of_kin_recorded": False,
    }
    response = client.post(
        f"/people/{pid}/referral",
        data={
            "source": "reception_screening",
            "substances": ["opiates", "crack"],
            "urgency": "urgent",
            "consent_mentoring": "yes",
            "consent_family": "no",
            "csrftoken": csrf_of(response.text),
        },
    )
    body = json.loads(referred.calls.last.request.content)
    assert body["substances"] == ["opiates", "crack"]
    assert body["consents"] == [
        {"recipient": "mentoring", "granted": True},
        {"recipient": "family", "granted": False},
    ]
    assert body["referred_on"] == date.today().isoformat()
    assert "Referral recorded" in response.text


def test_assessment_needs_all_ten_barc10_answers(client, fake, bases):
    pid = uuid.uuid4()
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=person(person_id=str(pid)))
    sign_in(client, ["intake"])
    page = client.get(f"/people/{pid}/assessment").text
    assert 'id="barc10-total"' in page
    response = client.post(
        f"/people/{pid}/assessment", data={"barc10_1": "5", "csrftoken": csrf_of(page)}
    )
    assert response.status_code == 400 and "Answer all ten BARC-10 questions" in response.text


def test_family_worker_completes_an_overdue_follow_up(client, fake, bases):
    sam = person()
    task = {
        "task_id": str(uuid.uuid4()),
        "case_id": str(uuid.uuid4()),
        "person_id": sam["person_id"],
        "kind": "day_7_check",
        "owner": "fw.one",
        "due_on": (date.today() - timedelta(days=2)).isoformat(),
        "status": "open",
        "completed_on": None,
        "outcome": None,
        "cancel_reason": None,
        "overdue": True,
    }
    fake.get(f"{bases['family']}/tasks", params={"owner": "fw.one"}).respond(json=page_of([task]))
    fake.get(f"{bases['intake']}/people/{sam['person_id']}").respond(json=sam)
    done = fake.post(f"{bases['family']}/tasks/{task['task_id']}/completion").respond(json=task)
    sign_in(client, ["family"])
    home = client.get("/").text
    assert "Overdue (1)" in home and "Day 7 check" in home and "Sam Jones (A1234BC)" in home
    form = client.get(f"/family/tasks/{task['task_id']}").text
    response = client.post(
        f"/family/tasks/{task['task_id']}",
        data={"outcome": "contact_made", "csrftoken": csrf_of(form)},
    )
    assert json.loads(done.calls.last.request.content) == {"outcome": "contact_made"}
    assert "Follow-up completed" in response.text


def test_coordinator_runs_matching_and_approves_a_proposal(client, fake, bases):
    mentee, mentor = person(), person(prison_number="M1111AA", given_name="Mo")
    match = {
        "match_id": str(uuid.uuid4()),
        "mentor_id": str(uuid.uuid4()),
        "mentor_person_id": mentor["person_id"],
        "mentee_person_id": mentee["person_id"],
        "prison_code": "BAI",
        "status": "proposed",
        "score": 0.82,
        "explanation": "same wing; shared lived experience of opiates",
        "proposed_at": "2026-12-01T10:00:00Z",
        "made_at": None,
        "ended_at": None,
        "end_reason": None,
    }
    fake.get(f"{bases['mentoring']}/waiting").respond(json=page_of([]))
    fake.get(f"{bases['mentoring']}/matches", params={"status": "proposed"}).respond(
        json=page_of([match])
    )
    fake.get(f"{bases['mentoring']}/matches", params={"status": "active"}).respond(json=page_of([]))
    fake.get(f"{bases['mentoring']}/mentors").respond(json=page_of([]))
    for p in (mentee, mentor):
        fake.get(f"{bases['intake']}/people/{p['person_id']}").respond(json=p)
    run = fake.post(f"{bases['mentoring']}/matching/runs").respond(
        json={
            "prison_code": "BAI",
            "mode": "proposal",
            "matches": [match],
            "total_score": 0.82,
            "still_waiting": [],
        }
    )
    approval = fake.post(f"{bases['mentoring']}/matches/{match['match_id']}/approval").respond(
        json={**match, "status": "active"}
    )
    sign_in(client, ["mentoring"])
    page = client.get("/mentoring").text
    response = client.post("/mentoring/runs", data={"prison": "BAI", "csrftoken": csrf_of(page)})
    assert json.loads(run.calls.last.request.content) == {"prison_code": "BAI"}
    assert "Matching run: 1 proposals" in response.text
    assert "Score 0.82" in response.text and "shared lived experience" in response.text
    response = client.post(
        f"/mentoring/matches/{match['match_id']}/decision",
        data={"decision": "approve", "prison": "BAI", "csrftoken": csrf_of(response.text)},
    )
    assert json.loads(approval.calls.last.request.content) == {"approved": True}
    assert "Match approved" in response.text


def test_coordinator_trains_qualifies_and_activates_a_mentor(client, fake, bases):
    mo = person(given_name="Mo", family_name="Mentor")
    mentor = {
        "mentor_id": str(uuid.uuid4()),
        "person_id": mo["person_id"],
        "prison_code": "BAI",
        "status": "trainee",
        "cohort": "Spring",
        "modules_completed": {"mentoring_skills": "2026-11-01"},
        "missing_modules": ["conflict_resolution"],
        "qualification": None,
    }
    for path in ("waiting", "matches"):
        fake.get(f"{bases['mentoring']}/{path}").respond(json=page_of([]))
    fake.get(f"{bases['mentoring']}/mentors").respond(json=page_of([mentor]))
    fake.get(f"{bases['intake']}/people/{mo['person_id']}").respond(json=mo)
    module = fake.post(
        f"{bases['mentoring']}/mentors/{mentor['mentor_id']}/modules/conflict_resolution"
    ).respond(json=mentor)
    sign_in(client, ["mentoring"])
    html = client.get("/mentoring").text
    assert "Spring" in html and "1 of 2" in html and "Complete Conflict resolution" in html
    response = client.post(
        f"/mentoring/mentors/{mentor['mentor_id']}/module",
        data={"module": "conflict_resolution", "prison": "BAI", "csrftoken": csrf_of(html)},
    )
    assert json.loads(module.calls.last.request.content) == {
        "completed_on": date.today().isoformat()
    }
    assert "Module completed" in response.text


def test_assessment_sends_barc10_and_top(client, fake, bases):
    pid = uuid.uuid4()
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=person(person_id=str(pid)))
    sent = fake.post(f"{bases['intake']}/people/{pid}/assessments").respond(201, json={})
    sign_in(client, ["intake"])
    page = client.get(f"/people/{pid}/assessment").text
    answers = {f"barc10_{n}": "4" for n in range(1, 11)}
    client.post(
        f"/people/{pid}/assessment",
        data={
            **answers,
            "top_stage": "start",
            "days_opiates": "12",
            "days_crack": "4",
            "psychological_health": "9",
            "csrftoken": csrf_of(page),
        },
    )
    body = json.loads(sent.calls.last.request.content)
    assert body["barc10"] == [4] * 10
    assert body["top"]["stage"] == "start"
    assert body["top"]["days_used"] == {"opiates": 12, "crack": 4}
    assert body["top"]["psychological_health"] == 9 and body["top"]["crime_days"] == 0


def test_family_case_page_shows_members_consents_restrictions(client, fake, bases):
    sam = person()
    case_id = str(uuid.uuid4())
    case = {
        "case_id": case_id,
        "person_id": sam["person_id"],
        "worker": "fw.one",
        "opened_on": "2026-11-01",
        "as_of": "2026-12-01",
        "restrictions_in_force": ["r"],
        "open_safeguarding_flags": [],
        "agency_contacts": [],
        "sharing": [],
        "safeguarding_flags": [],
        "contacts": [],
        "followup_tasks": [],
        "members": [
            {
                "name": "Jo Jones",
                "relationship": "partner",
                "is_child": False,
                "approved_visitor": True,
            }
        ],
        "consents": [
            {
                "recipient": "probation",
                "granted": True,
                "scope": "release plans",
                "recorded_on": "2026-11-02",
            }
        ],
        "restrictions": [
            {"kind": "no_contact", "starts_on": "2026-11-03", "ends_on": None, "lifted_on": None}
        ],
    }
    fake.get(f"{bases['family']}/cases/{case_id}").respond(json=case)
    fake.get(f"{bases['intake']}/people/{sam['person_id']}").respond(json=sam)
    sign_in(client, ["family"])
    html = client.get(f"/family/cases/{case_id}").text
    for text in (
        "Jo Jones",
        "Partner",
        "Probation",
        "release plans",
        "No contact",
        "In force",
        "Contact restrictions in force",
    ):
        assert text in html, text
