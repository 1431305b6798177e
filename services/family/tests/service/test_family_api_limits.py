"""Input limits of family's staff API (issue 11): 5 MB names and notes were stored, a lone
surrogate in a name was committed and then every listing of cases answered 500."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from pathways.platform.text_repair import repair_invalid_text


def _refused(response: Any, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "message", "details"}


async def test_a_lone_surrogate_in_a_name_is_refused_and_cases_still_list(family) -> None:
    case = await family.open_case(await family.known_person())
    base, headers = f"/cases/{case['case_id']}", family.auth()
    body = '{"name": "\\ud800x", "relationship": "parent"}'
    json_headers = {**headers, "content-type": "application/json"}
    _refused(await family.client.post(f"{base}/members", content=body, headers=json_headers))
    assert (await family.client.get(base, headers=headers)).json()["members"] == []
    listing = await family.client.get("/cases", params={"worker": "fw.jones"}, headers=headers)
    assert listing.status_code == 200, listing.text


async def test_5_mb_names_and_notes_are_refused(family) -> None:
    case = await family.open_case(await family.known_person())
    base, headers = f"/cases/{case['case_id']}", family.auth()
    post = family.client.post
    big = "x" * 5_000_000
    member = {"name": big, "relationship": "parent"}
    _refused(await post(f"{base}/members", json=member, headers=headers), 413)
    contact = {"kind": "phone", "on": "2026-11-20", "outcome": "contact_made", "notes": big}
    _refused(await post(f"{base}/contacts", json=contact, headers=headers), 413)
    long_name = {"name": "x" * 201, "relationship": "parent"}
    _refused(await post(f"{base}/members", json=long_name, headers=headers))
    long_note = {**contact, "notes": "x" * 10_001}
    _refused(await post(f"{base}/contacts", json=long_note, headers=headers))
    detail = (await family.client.get(base, headers=headers)).json()
    assert detail["members"] == [] and detail["contacts"] == []


@pytest.mark.parametrize("path", ["/cases", "/tasks", "/tasks/overdue"])
async def test_a_huge_offset_is_refused(family, path: str) -> None:
    response = await family.client.get(path, params={"offset": str(2**64)}, headers=family.auth())
    _refused(response)


async def test_a_name_stored_with_a_lone_surrogate_is_repaired_and_cases_list_again(
    family,
) -> None:
    """What the old API let in (committed as a JSON escape), repaired by migration 0003."""
    case = await family.open_case(await family.known_person(), worker="fw.repair")
    base, headers = f"/cases/{case['case_id']}", family.auth()
    member = {"name": "Sam Surrogate", "relationship": "parent"}
    assert (await family.client.post(f"{base}/members", json=member, headers=headers)).is_success
    engine = family.app.state.runtime.engine
    async with engine.begin() as connection:
        state = (
            await connection.execute(
                sa.text("SELECT CAST(state AS TEXT) FROM family_cases WHERE worker = 'fw.repair'")
            )
        ).scalar_one()
        broken = state.replace("Sam Surrogate", "\\ud800x")
        update = "UPDATE family_cases SET state = :s WHERE worker = 'fw.repair'"
        if connection.dialect.name == "postgresql":
            update = "UPDATE family_cases SET state = CAST(:s AS JSON) WHERE worker = 'fw.repair'"
        await connection.execute(sa.text(update), {"s": broken})
    async with engine.begin() as connection:
        assert await connection.run_sync(repair_invalid_text) >= 1
    listing = await family.client.get("/cases", params={"worker": "fw.repair"}, headers=headers)
    assert listing.status_code == 200, listing.text
    detail = await family.client.get(base, headers=headers)
    assert detail.json()["members"][0]["name"] == "\ufffdx"
