"""Small clients of each service's public HTTP API, as staff tools would call them.

Every call checks the status it expects and fails with the request and the answer."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any

import httpx

MODULES = (
    "conflict_resolution",
    "interpersonal_skills",
    "mentoring_skills",
    "drug_alcohol_awareness",
)


class ApiError(AssertionError):
    """An unexpected answer (an AssertionError, so `eventually` retries it)."""


class Client:
    role = ""

    def __init__(self, base_url: str, token: str) -> None:
        self.http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=20
        )

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        """One request; a 409 `concurrent_change` (the service's optimistic lock met a
        consumer's change of the same record) is retried, as its message asks."""
        for attempt in range(5):
            response = self.http.request(method, path, **kwargs)
            if response.status_code != 409 or "concurrent_change" not in response.text:
                break
            time.sleep(0.1 * (attempt + 1))
        if response.status_code != expect:
            raise ApiError(
                f"{method} {path} {kwargs.get('json', kwargs.get('params', ''))} -> "
                f"{response.status_code} (expected {expect}): {response.text}"
            )
        return response.json()

    def close(self) -> None:
        self.http.close()


ALL_TEAMS = {"mentoring": True, "family": True, "placements": True}


class IntakeClient(Client):
    def find(self, prison_number: str) -> dict | None:
        page = self.call("GET", "/people", params={"prison_number": prison_number})
        return page["items"][0] if page["items"] else None

    def person_id(self, prison_number: str) -> str:
        """The person the feed's reception created (AssertionError until it has)."""
        found = self.find(prison_number)
        assert found is not None, f"intake does not know {prison_number} yet"
        return str(found["person_id"])

    def person(self, person_id: str) -> dict:
        return self.call("GET", f"/people/{person_id}")

    def refer(
        self,
        person_id: str,
        on: date,
        substances: list[str],
        consents: dict[str, bool] | None = None,
    ) -> dict:
        """A referral recording consent explicitly (by default to mentoring, family and
        placements: without it no team would take the person on)."""
        granted = ALL_TEAMS if consents is None else consents
        return self.call(
            "POST",
            f"/people/{person_id}/referrals",
            201,
            json={
                "referred_on": on.isoformat(),
                "source": "reception_screening",
                "substances": substances,
                "urgency": "urgent",
                "consents": [{"recipient": r, "granted": g} for r, g in granted.items()],
            },
        )

    def change_consent(self, person_id: str, **granted: bool) -> dict:
        body = {"consents": [{"recipient": r, "granted": g} for r, g in granted.items()]}
        return self.call("POST", f"/people/{person_id}/consents", json=body)

    def assess(self, person_id: str, on: date, clean_since: date) -> dict:
        return self.call(
            "POST",
            f"/people/{person_id}/assessments",
            201,
            json={
                "assessed_on": on.isoformat(),
                "barc10": [5, 4, 5, 6, 4, 5, 3, 4, 5, 6],
                "top": {
                    "stage": "start",
                    "days_used": {"opiates": 12, "crack": 4},
                    "psychological_health": 9,
                    "physical_health": 11,
                    "quality_of_life": 8,
                },
                "clean_since": clean_since.isoformat(),
            },
        )

    def plan_release(self, person_id: str, expected_on: date) -> dict:
        return self.call(
            "POST",
            f"/people/{person_id}/release-plans",
            201,
            json={"expected_on": expected_on.isoformat(), "release_type": "conditional_release"},
        )

    def release(self, person_id: str, released_at: datetime, area: str | None = None) -> dict:
        """A release recorded by staff (it may be backdated, not in the future)."""
        body = {"released_at": released_at.isoformat(), "destination_area": area}
        return self.call("POST", f"/people/{person_id}/releases", 201, json=body)

    def treatment_provider(self, code: str, area: str) -> dict:
        body = {"provider_code": code, "name": f"Recovery service {area}", "local_authority": area}
        return self.call("POST", "/treatment-providers", json=body, expect=201)

    def refer_to_treatment(self, person_id: str, on: date, area: str) -> dict:
        body = {"referred_on": on.isoformat(), "destination_area": area}
        url = f"/people/{person_id}/community-treatment/referrals"
        return self.call("POST", url, 201, json=body)

    def treatment_outcome(self, person_id: str, outcome: str, on: date) -> dict:
        body = {"outcome": outcome, "on": on.isoformat()}
        return self.call("POST", f"/people/{person_id}/community-treatment/outcome", json=body)


class MentoringClient(Client):
    def enrol(self, person_id: str, prison_code: str, **profile: Any) -> dict:
        body = {"person_id": person_id, "prison_code": prison_code, "cohort": "E2E cohort"}
        return self.call("POST", "/mentors", 201, json={**body, **profile})

    def complete_module(self, mentor_id: str, module: str, on: date) -> dict:
        return self.call(
            "POST", f"/mentors/{mentor_id}/modules/{module}", json={"completed_on": on.isoformat()}
        )

    def qualify(self, mentor_id: str, on: date) -> dict:
        return self.call(
            "POST", f"/mentors/{mentor_id}/qualification", json={"awarded_on": on.isoformat()}
        )

    def activate(self, mentor_id: str) -> dict:
        return self.call("POST", f"/mentors/{mentor_id}/status", json={"action": "activate"})

    def cohort(self, prison_code: str, starts_on: date) -> str:
        body = {"name": "E2E cohort", "prison_code": prison_code, "starts_on": str(starts_on)}
        return str(self.call("POST", "/cohorts", 201, json=body)["cohort_id"])

    def train_and_qualify(self, person_id: str, prison_code: str, on: date, **profile: Any) -> str:
        """Enrol in a cohort that began six weeks before `on` (the course is six weeks),
        complete the four modules and qualify on `on`; returns the mentor id."""
        cohort_id = self.cohort(prison_code, on - timedelta(weeks=6))
        body = {"person_id": person_id, **profile}
        enrolled = self.call("POST", f"/cohorts/{cohort_id}/mentors", 201, json=body)
        mentor_id = str(enrolled["mentor_id"])
        for module in MODULES:
            self.complete_module(mentor_id, module, on)
        qualified = self.qualify(mentor_id, on)
        assert qualified["qualification"] is not None, qualified
        assert qualified["missing_modules"] == [], qualified
        return mentor_id

    def mentor(self, mentor_id: str) -> dict:
        return self.call("GET", f"/mentors/{mentor_id}")

    def matches(self, person_id: str) -> list[dict]:
        page = self.call("GET", "/matches", params={"person_id": person_id, "limit": 100})
        return page["items"]

    def open_matches_as_mentee(self, person_id: str) -> list[dict]:
        return [
            m
            for m in self.matches(person_id)
            if m["mentee_person_id"] == person_id and m["status"] == "active"
        ]


class FamilyClient(Client):
    def open_case(self, person_id: str, worker: str = "fw.e2e") -> dict:
        return self.call("POST", "/cases", 201, json={"person_id": person_id, "worker": worker})

    def grant_consent(self, case_id: str, recipient: str, scope: str) -> dict:
        return self.call(
            "POST",
            f"/cases/{case_id}/consents",
            201,
            json={"recipient": recipient, "granted": True, "scope": scope},
        )

    def case(self, case_id: str) -> dict:
        return self.call("GET", f"/cases/{case_id}")

    def tasks(self, person_id: str) -> list[dict]:
        return self.call("GET", "/tasks", params={"person_id": person_id, "limit": 500})["items"]


class PlacementsClient(Client):
    def open_manual_referral(self, person_id: str, expect: int = 201) -> dict:
        return self.call("POST", "/referrals", expect, json={"person_id": person_id})

    def referrals(self, person_id: str) -> list[dict]:
        return self.call("GET", "/referrals", params={"person_id": person_id, "limit": 500})[
            "items"
        ]

    def person(self, person_id: str) -> dict:
        return self.call("GET", f"/people/{person_id}")


class OutcomesClient(Client):
    def summary(self, prison_code: str, start: date, end: date) -> dict:
        return self.call(
            "GET",
            "/outcomes/summary",
            params={"prison_code": prison_code, "from": start.isoformat(), "to": end.isoformat()},
        )
