"""The coordinator records a cohort whose course began weeks ago and enrols a person in it
on a past day, so the six-week rule counts from when the course really began."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from web_fakes import csrf_of, page_of, person, sign_in


def test_a_cohort_that_began_weeks_ago_and_a_past_enrolment(client, fake, bases):
    began = date.today() - timedelta(weeks=7)
    cohort = {
        "cohort_id": str(uuid.uuid4()),
        "name": "Autumn",
        "prison_code": "BAI",
        "starts_on": began.isoformat(),
        "course_ends_on": (began + timedelta(weeks=6)).isoformat(),
    }
    mo = person(prison_number="A7777MO")
    made = fake.post(f"{bases['mentoring']}/cohorts").respond(201, json=cohort)
    fake.get(f"{bases['mentoring']}/cohorts/{cohort['cohort_id']}").respond(json=cohort)
    fake.get(f"{bases['intake']}/people", params={"prison_number": "A7777MO"}).respond(
        json=page_of([mo])
    )
    enrolled = fake.post(f"{bases['mentoring']}/cohorts/{cohort['cohort_id']}/mentors").respond(
        201, json={}
    )
    for path in ("waiting", "matches", "mentors"):
        fake.get(f"{bases['mentoring']}/{path}").respond(json=page_of([]))
    sign_in(client, ["mentoring"])
    html = client.get("/mentoring/cohorts/new").text
    day = {"day": str(began.day), "month": str(began.month), "year": str(began.year)}
    response = client.post(
        "/mentoring/cohorts",
        data={"name": "Autumn", "prison": "BAI", "csrftoken": csrf_of(html)}
        | {f"starts_on-{k}": v for k, v in day.items()},
    )
    assert json.loads(made.calls.last.request.content) == {
        "name": "Autumn",
        "prison_code": "BAI",
        "starts_on": began.isoformat(),
    }
    assert "Cohort Autumn recorded" in response.text and "Enrol a mentor" in response.text
    response = client.post(
        f"/mentoring/cohorts/{cohort['cohort_id']}/mentors",
        data={"prison_number": "a7777mo", "prison": "BAI", "csrftoken": csrf_of(response.text)}
        | {f"enrolled_on-{k}": v for k, v in day.items()},
    )
    assert json.loads(enrolled.calls.last.request.content) == {
        "person_id": mo["person_id"],
        "enrolled_on": began.isoformat(),
    }
    assert "A7777MO enrolled in the cohort" in response.text


def test_a_future_enrolment_refused_by_the_api_is_an_error(client, fake, bases):
    cohort_id = str(uuid.uuid4())
    cohort = {
        "cohort_id": cohort_id,
        "name": "Autumn",
        "prison_code": "BAI",
        "starts_on": "2026-10-01",
        "course_ends_on": "2026-11-12",
    }
    fake.get(f"{bases['mentoring']}/cohorts/{cohort_id}").respond(json=cohort)
    fake.get(f"{bases['intake']}/people").respond(json=page_of([person()]))
    fake.post(f"{bases['mentoring']}/cohorts/{cohort_id}/mentors").respond(
        422,
        json={"code": "date_in_future", "message": "enrolment date 2099-01-01 is in the future"},
    )
    sign_in(client, ["mentoring"])
    html = client.get(f"/mentoring/cohorts/{cohort_id}").text
    response = client.post(
        f"/mentoring/cohorts/{cohort_id}/mentors",
        data={"prison_number": "A1234BC", "csrftoken": csrf_of(html)}
        | {"enrolled_on-day": "1", "enrolled_on-month": "1", "enrolled_on-year": "2099"},
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and "is in the future" in response.text
    assert "govuk-notification-banner--success" not in response.text
