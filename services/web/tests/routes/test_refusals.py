"""A refusal from a service after a button press is shown as an error summary on the next
page, never in the green success banner."""

from __future__ import annotations

import uuid

from web_fakes import csrf_of, page_of, person, sign_in

COURSE = (
    "the course is six weeks: cohort Spring began on 2026-11-20, "
    "so a qualification can be awarded from 2027-01-01, not 2026-12-01"
)


def _mentor(person_id: str) -> dict:
    return {
        "mentor_id": str(uuid.uuid4()),
        "person_id": person_id,
        "prison_code": "BAI",
        "status": "trainee",
        "cohort": "Spring",
        "modules_completed": {},
        "missing_modules": [],
        "qualification": None,
    }


def test_a_refused_qualification_is_an_error_not_a_success(client, fake, bases):
    mo = person(given_name="Mo", family_name="Mentor")
    mentor = _mentor(mo["person_id"])
    for path in ("waiting", "matches"):
        fake.get(f"{bases['mentoring']}/{path}").respond(json=page_of([]))
    fake.get(f"{bases['mentoring']}/mentors").respond(json=page_of([mentor]))
    fake.get(f"{bases['intake']}/people/{mo['person_id']}").respond(json=mo)
    fake.post(f"{bases['mentoring']}/mentors/{mentor['mentor_id']}/qualification").respond(
        422, json={"code": "course_not_finished", "message": COURSE}
    )
    sign_in(client, ["mentoring"])
    html = client.get("/mentoring").text
    response = client.post(
        f"/mentoring/mentors/{mentor['mentor_id']}/qualify",
        data={"prison": "BAI", "csrftoken": csrf_of(html)},
    )
    assert "govuk-error-summary" in response.text and COURSE in response.text
    assert "govuk-notification-banner--success" not in response.text
    assert "Mentor qualified" not in response.text
    assert "<title>Error: " in response.text


def test_a_refused_outcome_is_an_error_not_a_success(client, fake, bases):
    sam = person()
    pid = sam["person_id"]
    fake.get(f"{bases['placements']}/referrals").respond(json=page_of([]))
    fake.get(f"{bases['placements']}/outcomes/due").respond(
        json=page_of([{"person_id": pid, "weeks_after_release": 6, "due_on": "2026-12-03"}])
    )
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=sam)
    fake.post(f"{bases['placements']}/people/{pid}/outcomes").respond(
        409, json={"code": "not_released", "message": "the person has not been released"}
    )
    sign_in(client, ["placements"])
    html = client.get("/placements").text
    response = client.post(
        f"/placements/outcomes/{pid}",
        data={"weeks": "6", "status": "housed", "csrftoken": csrf_of(html)},
    )
    assert "govuk-error-summary" in response.text
    assert "the person has not been released" in response.text
    assert "govuk-notification-banner--success" not in response.text
