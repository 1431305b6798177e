"""The five services faked at the HTTP boundary (respx), and a signed-in browser-like client
of the web app (it fetches a page first for the CSRF cookie, as a browser would)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from pathways.web.settings import WebSettings

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')
BASES = {
    "intake": "http://intake.test",
    "mentoring": "http://mentoring.test",
    "family": "http://family.test",
    "placements": "http://placements.test",
    "outcomes": "http://outcomes.test",
}


def web_settings(tmp_path: Any, **extra: Any) -> WebSettings:
    urls = {f"{name}_url": url for name, url in BASES.items()}
    return WebSettings(auth_dev_key_file=str(tmp_path / "dev-key.pem"), **urls, **extra)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, roles: Iterable[str], caseload: str = "BAI", user: str = "fw.one"):
    token = csrf_of(client.get("/sign-in").text)
    response = client.post(
        "/sign-in/dev",
        data={"username": user, "roles": list(roles), "caseload": caseload, "csrftoken": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response


def page_of(items: list[dict]) -> dict[str, Any]:
    return {"items": items, "total": len(items), "limit": 500, "offset": 0}


def person(**fields: Any) -> dict[str, Any]:
    """An intake person record (the PersonOut shape)."""
    now = datetime.now(UTC).isoformat()
    base = {
        "person_id": str(uuid.uuid4()),
        "prison_number": "A1234BC",
        "given_name": "Sam",
        "family_name": "Jones",
        "status": "in_custody",
        "prison_code": "BAI",
        "prison_name": "Belmarsh",
        "wing": "A",
        "category": "C",
        "received_at": now,
        "released_at": None,
        "date_of_birth": "1990-03-27",
        "last_movement_at": now,
        "screening": None,
        "release_plan": None,
        "temporary_absences": [],
        "referrals": [],
        "assessments": [],
        "clean_since": None,
        "days_clean": None,
    }
    return {**base, **fields}
