"""Caseload access on family (SQLite and PostgreSQL): family keeps no prison of its own, so
each person's prison comes from the custody events it consumes from intake; every route of
the OpenAPI document that points to a case, task or person refuses a caseload without it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from pathways.testing.caseload import listed_by_scope, probe_caseloads
from pathways.testing.service import bearer

from ..conftest import Intake

pytestmark = [pytest.mark.postgres]


async def _case_with_a_task(family) -> tuple[uuid.UUID, dict[str, str]]:
    person = await family.known_person()  # received at BAI
    case = await family.open_case(person)
    await family.deliver(Intake.scheduled(person, date.today() + timedelta(days=60)))
    [task, *_] = await family.tasks(person)
    values = {"person_id": str(person), "case_id": case["case_id"], "task_id": task["task_id"],
              "restriction_id": str(uuid.uuid4()), "flag_id": str(uuid.uuid4())}  # fmt: skip
    return person, values


async def test_every_record_route_refuses_a_caseload_without_the_prison(family) -> None:
    _, values = await _case_with_a_task(family)
    answers, refused = await probe_caseloads(family, "family", values, outside="WDI", local=["BAI"])
    assert len(answers) >= 12 and set(answers.values()) == {403}, answers
    assert {entry["resource"] for entry in refused} == set(answers)


async def test_a_case_follows_its_person_to_the_receiving_prison(family) -> None:
    person, values = await _case_with_a_task(family)
    path = f"/cases/{values['case_id']}"
    at_bai = bearer(family.settings, "family:read", caseloads=["BAI"])
    at_wdi = bearer(family.settings, "family:read", caseloads=["WDI"])
    await family.deliver(Intake.transferred(person, datetime.now(UTC)))
    assert (await family.client.get(path, headers=at_bai)).status_code == 403
    assert (await family.client.get(path, headers=at_wdi)).status_code == 200
    opened = await family.client.post(
        "/cases", json={"person_id": str(person)}, headers=bearer(family.settings, "family",
                                                                   caseloads=["BAI"])
    )  # fmt: skip
    assert opened.status_code == 403 and opened.json()["error"] == "outside_caseload"


async def test_lists_show_the_caseloads_people_and_national_scope_sees_all(family) -> None:
    stays, _ = await _case_with_a_task(family)
    moves, _ = await _case_with_a_task(family)
    await family.deliver(Intake.transferred(moves, datetime.now(UTC)))
    for path in ("/cases?worker=fw.jones&limit=200", "/tasks?limit=500"):
        seen, everyone = await listed_by_scope(family, "family", path, "BAI")
        assert str(stays) in seen and str(moves) not in seen, path
        assert str(moves) in everyone, path
