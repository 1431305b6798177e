"""Input limits of intake's staff API (issue 11): each of these answered 500 or stored
something no listing could send back."""

from __future__ import annotations

from typing import Any

import pytest


def _refused(response: Any, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "message", "details"}


@pytest.mark.parametrize("offset", [str(2**63), str(2**64), "1" + "0" * 30])
async def test_a_huge_offset_is_refused(intake, offset: str) -> None:
    response = await intake.client.get("/people", params={"offset": offset}, headers=intake.auth())
    _refused(response)


async def test_a_lone_surrogate_in_a_name_is_refused_and_the_listing_still_works(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    body = '{"given_name": "\\ud800x"}'
    headers = {**intake.auth(), "content-type": "application/json"}
    response = await intake.client.patch(
        f"/people/{person['person_id']}", content=body, headers=headers
    )
    _refused(response)
    listing = await intake.client.get(
        "/people", params={"prison_code": "BAI"}, headers=intake.auth()
    )
    assert listing.status_code == 200, listing.text
    fetched = await intake.client.get(f"/people/{person['person_id']}", headers=intake.auth())
    assert fetched.json()["given_name"] == "John"


async def test_a_reception_with_a_5_mb_name_is_refused_with_413(intake) -> None:
    number = intake.new_prison_number()
    body = {"prison_number": number, "prison_code": "BAI", "received_at": "2026-11-01T10:00:00Z"}
    response = await intake.post("/people", {**body, "given_name": "x" * 5_000_000})
    _refused(response, 413)
    assert await intake.person_by_number(number) is None


async def test_long_names_are_refused(intake) -> None:
    number = intake.new_prison_number()
    body = {"prison_number": number, "prison_code": "BAI", "received_at": "2026-11-01T10:00:00Z"}
    _refused(await intake.post("/people", {**body, "family_name": "x" * 201}))


async def test_a_referral_of_100000_substances_is_refused(intake) -> None:
    person = await intake.receive()
    body = {"referred_on": "2026-11-27", "source": "self", "substances": ["opiates"] * 100_000}
    _refused(await intake.post(f"/people/{person['person_id']}/referrals", body))


async def test_a_reception_far_in_the_future_with_an_offset_is_refused(intake) -> None:
    number = intake.new_prison_number()
    body = {
        "prison_number": number,
        "prison_code": "BAI",
        "received_at": "9999-12-31T23:59:59-05:00",
    }
    _refused(await intake.post("/people", body))


async def test_huge_assessment_numbers_are_refused(intake) -> None:
    person = await intake.receive()
    top = {"stage": "start", "crime_days": 2**63}
    body = {"assessed_on": "2026-11-27", "top": top}
    _refused(await intake.post(f"/people/{person['person_id']}/assessments", body))


@pytest.mark.parametrize("score", ["1e400", "NaN", "-Infinity"])
async def test_a_score_that_is_not_a_finite_number_is_refused(intake, score: str) -> None:
    person = await intake.receive()
    body = (
        f'{{"assessed_on": "2026-11-27", "top": {{"stage": "start", "quality_of_life": {score}}}}}'
    )
    headers = {**intake.auth(), "content-type": "application/json"}
    path = f"/people/{person['person_id']}/assessments"
    _refused(await intake.client.post(path, content=body, headers=headers))
