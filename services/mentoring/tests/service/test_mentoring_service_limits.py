"""Input limits of mentoring's staff API (issue 11): huge integers, oversized text and lists
and lone surrogates are refused with 4xx and the one error body, never a 500."""

from __future__ import annotations

import uuid
from typing import Any

import pytest


def _refused(response: Any, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "message", "details"}


@pytest.mark.parametrize("path", ["/mentors", "/matches", "/waiting"])
async def test_a_huge_offset_is_refused(svc, path: str) -> None:
    response = await svc.client.get(path, params={"offset": str(2**64)}, headers=svc.headers)
    _refused(response)


async def test_oversized_profiles_are_refused(svc) -> None:
    body = {"person_id": str(uuid.uuid4()), "prison_code": "BAI"}
    post = svc.client.post
    _refused(await post("/mentors", json={**body, "languages": ["x"] * 1000}, headers=svc.headers))
    _refused(await post("/mentors", json={**body, "cohort": "x" * 5000}, headers=svc.headers))
    _refused(await post("/mentors", json={**body, "capacity": 2**63}, headers=svc.headers))
    huge = await post("/mentors", json={**body, "cohort": "x" * 5_000_000}, headers=svc.headers)
    _refused(huge, 413)


async def test_a_lone_surrogate_in_a_profile_is_refused(svc) -> None:
    body = f'{{"person_id": "{uuid.uuid4()}", "prison_code": "BAI", "wing": "\\ud800x"}}'
    headers = {**svc.headers, "content-type": "application/json"}
    _refused(await svc.client.post("/mentors", content=body, headers=headers))
    assert (await svc.client.get("/mentors", headers=svc.headers)).status_code == 200


async def test_a_session_of_huge_minutes_is_refused(svc) -> None:
    body = {"kind": "one_to_one", "held_on": "2026-03-03", "minutes": 2**63}
    response = await svc.client.post(
        f"/matches/{uuid.uuid4()}/sessions", json=body, headers=svc.headers
    )
    _refused(response)
