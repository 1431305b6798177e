"""Assessments over time: BARC-10, TOP and clean-since; history latest first; days clean."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pathways.platform.clock import today

pytestmark = [pytest.mark.postgres]
TODAY = today()
BARC = [5, 4, 5, 6, 4, 5, 3, 4, 5, 6]


async def test_assessments_build_a_history_latest_first_with_days_clean(intake) -> None:
    person = await intake.receive()
    pid = person["person_id"]
    first = await intake.post(
        f"/people/{pid}/assessments",
        {"assessed_on": (TODAY - timedelta(days=20)).isoformat(), "barc10": [2] * 10,
         "top": {"stage": "start", "days_used": {"opiates": 12}, "quality_of_life": 8},
         "clean_since": (TODAY - timedelta(days=25)).isoformat()},
    )  # fmt: skip
    assert first.status_code == 201, first.text
    assert first.json()["barc10_total"] == 20
    assert first.json()["top"]["days_used"]["opiates"] == 12
    second = await intake.post(
        f"/people/{pid}/assessments",
        {"assessed_on": TODAY.isoformat(), "barc10": BARC,
         "clean_since": (TODAY - timedelta(days=10)).isoformat()},
    )  # fmt: skip
    assert second.json()["barc10_total"] == 47
    assert second.json()["barc10_predicts_sustained_remission"] is True
    got = (await intake.client.get(f"/people/{pid}", headers=intake.auth())).json()
    assert [a["barc10_total"] for a in got["assessments"]] == [47, 20]
    assert got["days_clean"] == 10
    assert got["assessments"][0]["barc10"] == BARC
    kind, data = (await intake.events(pid))[-1]
    assert kind == "intake.person.assessed.v1"
    assert data["barc10_total"] == 47 and "barc10" not in data and "top" not in data


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"barc10": [7, 4, 5, 6, 4, 5, 3, 4, 5, 6]}, "barc10_answer_out_of_range"),
        ({"barc10": [0, 4, 5, 6, 4, 5, 3, 4, 5, 6]}, "barc10_answer_out_of_range"),
        ({"barc10": [5] * 9}, "barc10_wrong_item_count"),
        ({}, "empty_assessment"),
        ({"assessed_on": "2999-01-01", "barc10": BARC}, "assessed_in_future"),
        ({"clean_since": (TODAY + timedelta(days=1)).isoformat()}, "clean_since_in_future"),
        ({"clean_since": "1950-01-01"}, "clean_since_before_birth"),
        ({"top": {"stage": "review", "days_used": {"crack": 29}}}, "top_days_out_of_range"),
        ({"top": {"stage": "exit", "quality_of_life": 21}}, "top_rating_out_of_range"),
    ],
)
async def test_bad_assessments_are_refused_and_change_nothing(intake, body, code) -> None:
    person = await intake.receive()
    pid = person["person_id"]
    response = await intake.post(
        f"/people/{pid}/assessments", {"assessed_on": TODAY.isoformat(), **body}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"] == code
    got = (await intake.client.get(f"/people/{pid}", headers=intake.auth())).json()
    assert got["assessments"] == [] and got["days_clean"] is None


async def test_a_repeated_assessment_id_is_a_conflict(intake) -> None:
    person = await intake.receive()
    body = {
        "assessed_on": TODAY.isoformat(),
        "clean_since": TODAY.isoformat(),
        "assessment_id": "6a0f3b9e-8a34-4d4b-9b53-2f9b4b1c0e11",
    }
    path = f"/people/{person['person_id']}/assessments"
    assert (await intake.post(path, body)).status_code == 201
    again = await intake.post(path, body)
    assert again.status_code == 409 and again.json()["error"] == "duplicate_assessment"
