"""Input limits of placements' staff API (issue 11): capacity 2^63 overflowed SQLite, 5 MB
bodies were taken, NaN hours and huge offsets answered 500."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from placements_testkit import provider_with_role


def _refused(response: Any, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "message", "details"}


PROVIDER = {"name": "Garden", "area": "Lambeth", "address": "1 High St", "supervisor": "M. J"}


async def test_a_capacity_of_2_to_the_63_is_refused(svc: SimpleNamespace) -> None:
    provider = await svc.client.post("/providers", json=PROVIDER, headers=svc.staff)
    path = f"/providers/{provider.json()['provider_id']}/opportunities"
    role = {"role_title": "Gardener", "capacity": 2**63, "hours_per_week": 10}
    _refused(await svc.client.post(path, json=role, headers=svc.staff))


async def test_a_5_mb_body_is_refused_with_413(svc: SimpleNamespace) -> None:
    body = {**PROVIDER, "address": "x" * 5_000_000}
    _refused(await svc.client.post("/providers", json=body, headers=svc.staff), 413)


@pytest.mark.parametrize("hours", ["NaN", "Infinity", "1e400"])
async def test_hours_must_be_a_finite_number(svc: SimpleNamespace, hours: str) -> None:
    await provider_with_role(svc.client, svc.staff)
    body = {"worked_on": "2026-05-12", "hours": hours}
    path = f"/placements/{uuid.uuid4()}/hours"
    _refused(await svc.client.post(path, json=body, headers=svc.staff))


@pytest.mark.parametrize("path", ["/providers", "/opportunities", "/referrals"])
async def test_a_huge_offset_is_refused(svc: SimpleNamespace, path: str) -> None:
    params = {"offset": str(2**64)}
    _refused(await svc.client.get(path, params=params, headers=svc.staff))
