"""Caseload: search (posted, never in the URL), filters, sort, pages, tags; a service that is
down leaves its tags out and says so."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from web_fakes import csrf_of, page_of, person, sign_in


def _people(fake, bases, people):
    fake.get(f"{bases['intake']}/people", params={"prison_code": "BAI"}).respond(
        json=page_of(people)
    )


def _others(fake, bases, waiting=(), cases=(), overdue=()):
    fake.get(f"{bases['mentoring']}/waiting").respond(
        json=page_of([{"person_id": p} for p in waiting])
    )
    fake.get(f"{bases['mentoring']}/matches").respond(json=page_of([]))
    fake.get(f"{bases['family']}/cases").respond(json=page_of([{"person_id": p} for p in cases]))
    fake.get(f"{bases['family']}/tasks").respond(json=page_of([{"person_id": p} for p in overdue]))


ROLES = ["intake", "mentoring", "family"]


def test_lists_the_people_at_my_prisons_with_status_tags(client, fake, bases):
    old = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    sam = person(given_name="Sam", family_name="Jones", received_at=old)
    ali = person(prison_number="B2222CD", given_name="Ali", family_name="Ahmed")
    gone = person(prison_number="C3333EF", family_name="Released", status="released")
    _people(fake, bases, [sam, ali, gone])
    _others(
        fake,
        bases,
        waiting=[sam["person_id"]],
        cases=[ali["person_id"]],
        overdue=[ali["person_id"]],
    )
    sign_in(client, ROLES)
    html = client.get("/caseload").text
    assert "Sam Jones" in html and "Ali Ahmed" in html and "Released" not in html
    assert html.index("Ali Ahmed") < html.index("Sam Jones")  # by last name
    for tag in ("Waiting for mentor", "Family case", "Follow-up overdue", "New arrival"):
        assert tag in html


def test_search_is_posted_and_kept_out_of_the_url(client, fake, bases):
    _people(
        fake,
        bases,
        [person(family_name="Jones"), person(prison_number="B2222CD", family_name="Khan")],
    )
    _others(fake, bases)
    sign_in(client, ROLES)
    token = csrf_of(client.get("/caseload").text)
    response = client.post("/caseload/search", data={"q": "khan", "csrftoken": token})
    assert "khan" not in str(response.url).lower()
    assert "Khan" in response.text and "Jones" not in response.text
    response = client.post("/caseload/search", data={"q": "a1234bc", "csrftoken": token})
    assert "Jones" in response.text and "Khan" not in response.text


def test_filters_sort_and_pages(client, fake, bases):
    people = [person(prison_number=f"A{n:04d}BC", family_name=f"Name{n:02d}") for n in range(30)]
    _people(fake, bases, people)
    _others(fake, bases, waiting=[p["person_id"] for p in people[:3]])
    sign_in(client, ROLES)
    first = client.get("/caseload?sort=prison_number&order=desc").text
    assert "A0029BC" in first and "A0000BC" not in first  # 25 a page
    second = client.get("/caseload?sort=prison_number&order=desc&page=2").text
    assert "A0000BC" in second and "A0029BC" not in second
    waiting = client.get("/caseload?filter=waiting_mentor").text
    assert "3 people" in waiting and "Name00" in waiting and "Name05" not in waiting


def test_release_filter_reads_release_dates_from_each_record(client, fake, bases):
    soon, later = person(), person(prison_number="B2222CD", family_name="Later")
    _people(fake, bases, [soon, later])
    _others(fake, bases)
    in_weeks = lambda w: (date.today() + timedelta(weeks=w)).isoformat()  # noqa: E731
    plan = lambda on: {"expected_on": on, "release_type": "conditional_release"}  # noqa: E731
    fake.get(f"{bases['intake']}/people/{soon['person_id']}").respond(
        json={**soon, "release_plan": plan(in_weeks(4))}
    )
    fake.get(f"{bases['intake']}/people/{later['person_id']}").respond(
        json={**later, "release_plan": plan(in_weeks(20))}
    )
    sign_in(client, ROLES)
    twelve = client.get("/caseload?filter=release_12_weeks").text
    assert "Jones" in twelve and "Later" not in twelve
    assert "Later" in client.get("/caseload?filter=release_24_weeks").text


def test_a_service_that_is_down_is_named_and_the_list_still_shows(client, fake, bases):
    _people(fake, bases, [person()])
    fake.get(f"{bases['mentoring']}/waiting").mock(side_effect=httpx.ConnectError("down"))
    fake.get(f"{bases['mentoring']}/matches").mock(side_effect=httpx.ConnectError("down"))
    fake.get(f"{bases['family']}/cases").respond(503)
    fake.get(f"{bases['family']}/tasks").respond(json=page_of([]))
    sign_in(client, ROLES)
    response = client.get("/caseload")
    assert response.status_code == 200
    assert "Sam Jones" in response.text
    assert "The mentoring service is not available" in response.text
    assert "The family service is not available" in response.text
