"""The placements lead's pages: referrals to act on, outcomes due, and one referral's risk
assessment, offer, start and hours (the services faked at the HTTP boundary)."""

from __future__ import annotations

import json
import uuid

from web_fakes import csrf_of, page_of, person, sign_in


def _referral(pid: str, **fields):
    base = {
        "referral_id": str(uuid.uuid4()),
        "person_id": pid,
        "trigger": "release",
        "status": "open",
        "opened_on": "2026-11-20",
        "offers": [],
        "placement_id": None,
        "closed_reason": None,
    }
    return {**base, **fields}


def test_referrals_and_outcomes_due_with_names(client, fake, bases):
    sam = person()
    referral = _referral(sam["person_id"])
    fake.get(f"{bases['placements']}/referrals").respond(json=page_of([referral]))
    fake.get(f"{bases['placements']}/outcomes/due").respond(
        json=page_of(
            [{"person_id": sam["person_id"], "weeks_after_release": 6, "due_on": "2026-12-03"}]
        )
    )
    fake.get(f"{bases['intake']}/people/{sam['person_id']}").respond(json=sam)
    recorded = fake.post(f"{bases['placements']}/people/{sam['person_id']}/outcomes").respond(
        201, json={}
    )
    sign_in(client, ["placements"])
    html = client.get("/placements").text
    assert "Sam Jones (A1234BC)" in html and "Release" in html and "6-week outcome" in html
    response = client.post(
        f"/placements/outcomes/{sam['person_id']}",
        data={"weeks": "6", "status": "employed", "csrftoken": csrf_of(html)},
    )
    assert json.loads(recorded.calls.last.request.content) == {
        "weeks_after_release": 6,
        "status": "employed",
    }
    assert "6-week outcome recorded" in response.text


def test_offer_refused_by_the_api_is_shown_in_the_error_summary(client, fake, bases):
    sam = person()
    referral = _referral(sam["person_id"])
    rid = referral["referral_id"]
    fake.get(f"{bases['placements']}/referrals/{rid}").respond(json=referral)
    fake.get(f"{bases['placements']}/opportunities").respond(
        json=page_of(
            [
                {
                    "opportunity_id": str(uuid.uuid4()),
                    "provider_id": str(uuid.uuid4()),
                    "role_title": "Kitchen porter",
                    "capacity": 2,
                    "hours_per_week": 20,
                    "is_open": True,
                    "places_taken": 0,
                    "places_free": 2,
                    "provider_name": "Cafe",
                }
            ]
        )
    )
    fake.get(f"{bases['placements']}/people/{sam['person_id']}").respond(
        json={
            "person_id": sam["person_id"],
            "risk_assessment": None,
            "ineligible_because": ["risk_assessment_missing"],
        }
    )
    fake.get(f"{bases['intake']}/people/{sam['person_id']}").respond(json=sam)
    fake.post(f"{bases['placements']}/referrals/{rid}/offers").respond(
        409, json={"error": "not_eligible", "message": "a risk assessment must approve first"}
    )
    sign_in(client, ["placements"])
    html = client.get(f"/placements/referrals/{rid}").text
    assert "Kitchen porter" in html and "Risk assessment missing" in html
    response = client.post(
        f"/placements/referrals/{rid}/offer",
        data={"opportunity_id": "x", "csrftoken": csrf_of(html)},
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "a risk assessment must approve first" in response.text
