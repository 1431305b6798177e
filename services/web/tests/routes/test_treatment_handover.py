"""The community-treatment handover on a person's page (issue 16): provider, referral,
appointment and attendance shown in plain words; the refer / appointment / outcome forms
post to intake's API (CSRF-checked), show its refusals in the error summary, and check
what the page itself can (a provider or an area; an outcome chosen)."""

from __future__ import annotations

import json
import uuid

from web_fakes import csrf_of, person, sign_in

PROVIDERS = [
    {"provider_code": "CGL-SOUTHWARK", "name": "Change Grow Live Southwark",
     "local_authority": "Southwark", "active": True},
    {"provider_code": "OLD-ONE", "name": "Closed service", "local_authority": "Lambeth",
     "active": False},
]  # fmt: skip


def handover(pid: str, **fields: object) -> dict[str, object]:
    return {
        "handover_id": str(uuid.uuid4()), "person_id": pid, "prison_code": "BAI",
        "provider_code": "CGL-SOUTHWARK", "referred_on": "2026-11-20",
        "appointment_on": None, "status": "referred", "outcome": None, "outcome_on": None,
        "attended_on": None, **fields,
    }  # fmt: skip


def _released(fake, bases, handovers: list[dict]) -> str:
    sam = person(status="released", released_at="2026-11-21T09:00:00+00:00")
    pid = sam["person_id"]
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=sam)
    fake.get(f"{bases['intake']}/people/{pid}/community-treatment").respond(json=handovers)
    fake.get(f"{bases['intake']}/treatment-providers").respond(json=PROVIDERS)
    return pid


def test_the_person_page_shows_the_handover_in_plain_words(client, fake, bases):
    sam = person(status="released", released_at="2026-11-21T09:00:00+00:00")
    pid = sam["person_id"]
    fake.get(f"{bases['intake']}/people/{pid}").respond(json=sam)
    fake.get(f"{bases['intake']}/people/{pid}/community-treatment").respond(
        json=[handover(pid, appointment_on="2026-11-25", status="not_engaged",
                       outcome="did_not_attend", outcome_on="2026-11-25")]
    )  # fmt: skip
    fake.get(f"{bases['intake']}/treatment-providers").respond(json=PROVIDERS)
    sign_in(client, ["intake"])
    html = client.get(f"/people/{pid}").text
    assert "Community treatment on release" in html
    assert "Change Grow Live Southwark" in html and "20 November 2026" in html
    assert "25 November 2026" in html and "Did not attend" in html
    assert "did_not_attend" not in html.split("Community treatment on release")[1][:2000]
    assert f'href="/people/{pid}/community-treatment/outcome"' in html


def test_no_handover_section_while_no_release_is_planned(client, fake, bases):
    sam = person()
    fake.get(f"{bases['intake']}/people/{sam['person_id']}").respond(json=sam)
    sign_in(client, ["intake"])
    html = client.get(f"/people/{sam['person_id']}").text
    assert "Community treatment on release" not in html


def test_refer_posts_to_intake_and_back_to_the_person(client, fake, bases):
    pid = _released(fake, bases, [])
    posted = fake.post(f"{bases['intake']}/people/{pid}/community-treatment/referrals").respond(
        201, json=handover(pid)
    )
    sign_in(client, ["intake"])
    form = client.get(f"/people/{pid}/community-treatment/referral").text
    assert "Change Grow Live Southwark (Southwark)" in form and "Closed service" not in form
    response = client.post(
        f"/people/{pid}/community-treatment/referral",
        data={"csrftoken": csrf_of(form), "referred_on-day": "20", "referred_on-month": "11",
              "referred_on-year": "2026", "provider_code": "CGL-SOUTHWARK",
              "appointment_on-day": "25", "appointment_on-month": "11",
              "appointment_on-year": "2026"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == f"/people/{pid}"
    body = json.loads(posted.calls.last.request.content)
    assert body["referred_on"] == "2026-11-20" and body["appointment_on"] == "2026-11-25"
    assert body["provider_code"] == "CGL-SOUTHWARK" and uuid.UUID(body["handover_id"])


def test_refer_needs_a_provider_or_an_area_and_shows_intakes_refusal(client, fake, bases):
    pid = _released(fake, bases, [])
    refer = fake.post(f"{bases['intake']}/people/{pid}/community-treatment/referrals").respond(
        409, json={"error": "no_consent", "message": "no consent to share with community "
                   "treatment", "details": []}
    )  # fmt: skip
    sign_in(client, ["intake"])
    token = csrf_of(client.get(f"/people/{pid}/community-treatment/referral").text)
    url = f"/people/{pid}/community-treatment/referral"
    neither = client.post(url, data={"csrftoken": token})
    assert neither.status_code == 400 and 'href="#provider_code"' in neither.text
    assert "Select the provider, or enter the destination area" in neither.text
    refused = client.post(url, data={"csrftoken": token, "destination_area": "Southwark"})
    assert refused.status_code == 400 and "no consent to share" in refused.text
    calls = refer.call_count
    forged = client.post(url, data={"destination_area": "Southwark"}, follow_redirects=False)
    assert forged.status_code == 403 and refer.call_count == calls  # no CSRF token: not sent


def test_appointment_and_outcome_forms(client, fake, bases):
    pid = _released(fake, bases, [handover(str(uuid.uuid4()))])
    booked = fake.post(f"{bases['intake']}/people/{pid}/community-treatment/appointment").respond(
        json=handover(pid)
    )
    reported = fake.post(f"{bases['intake']}/people/{pid}/community-treatment/outcome").respond(
        json=handover(pid)
    )
    sign_in(client, ["intake"])
    token = csrf_of(client.get(f"/people/{pid}/community-treatment/appointment").text)
    base = f"/people/{pid}/community-treatment"
    missing = client.post(f"{base}/appointment", data={"csrftoken": token})
    assert missing.status_code == 400 and "Enter the date of the appointment" in missing.text
    done = client.post(f"{base}/appointment", follow_redirects=False, data={
        "csrftoken": token, "appointment_on-day": "2", "appointment_on-month": "12",
        "appointment_on-year": "2026"})  # fmt: skip
    assert done.status_code == 303
    assert json.loads(booked.calls.last.request.content) == {"appointment_on": "2026-12-02"}
    page = client.get(f"{base}/outcome").text
    assert "Attended (engaged with treatment)" in page and "Did not attend" in page
    unchosen = client.post(f"{base}/outcome", data={"csrftoken": token})
    assert unchosen.status_code == 400 and "Select what the provider reported" in unchosen.text
    client.post(f"{base}/outcome", follow_redirects=False, data={
        "csrftoken": token, "outcome": "attended", "on-day": "2", "on-month": "12",
        "on-year": "2026"})  # fmt: skip
    assert json.loads(reported.calls.last.request.content) == {
        "outcome": "attended",
        "on": "2026-12-02",
    }
    assert client.get(f"{base}/elsewhere").status_code == 404
