"""The follow-up task API on SQLite and PostgreSQL: lists, overdue, completion."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = [pytest.mark.postgres]


async def released_with_case(family, intake, *, days_ago: int, worker: str) -> uuid.UUID:
    """A person released `days_ago`, whose case was opened the day before the release."""
    person = await family.known_person(datetime.now(UTC) - timedelta(days=days_ago + 100))
    opened_on = datetime.now(UTC).date() - timedelta(days=days_ago + 1)
    await family.open_case(person, worker=worker, opened_on=opened_on)
    await family.deliver(intake.released(person, datetime.now(UTC) - timedelta(days=days_ago)))
    return person


async def test_completing_a_task_twice_is_a_conflict(family, intake) -> None:
    person = await released_with_case(family, intake, days_ago=0, worker="fw.ali")
    task = next(t for t in await family.tasks(person) if t["kind"] == "release_day_contact")
    url, headers = f"/tasks/{task['task_id']}/completion", family.auth(subject="fw.ali")
    done = await family.client.post(url, json={"outcome": "contact_made"}, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed" and done.json()["outcome"] == "contact_made"
    again = await family.client.post(url, json={"outcome": "no_answer"}, headers=headers)
    assert again.status_code == 409 and again.json()["error"] == "task_already_completed"
    completed = await family.published(person, "family.followup.completed.v1")
    assert [e["data"]["outcome"] for e in completed] == ["contact_made"]
    assert completed[0]["data"]["kind"] == "release_day_contact"
    future = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    other = next(t for t in await family.tasks(person) if t["kind"] == "day_7_check")
    early = await family.client.post(
        f"/tasks/{other['task_id']}/completion",
        json={"outcome": "contact_made", "completed_on": future},
        headers=headers,
    )
    assert early.status_code == 422
    missing = await family.client.post(
        f"/tasks/{uuid.uuid4()}/completion", json={"outcome": "contact_made"}, headers=headers
    )
    assert missing.status_code == 404


async def test_a_workers_overdue_list(family, intake) -> None:
    worker = f"fw.{uuid.uuid4().hex[:6]}"
    late = await released_with_case(family, intake, days_ago=10, worker=worker)
    await released_with_case(family, intake, days_ago=0, worker=worker)
    mine = await family.client.get("/tasks/overdue", headers=family.auth(subject=worker))
    assert mine.status_code == 200
    body = mine.json()
    assert [(t["kind"], t["person_id"]) for t in body["items"]] == [
        ("release_day_contact", str(late)),
        ("day_7_check", str(late)),
    ]
    assert body["total"] == 2 and all(t["overdue"] for t in body["items"])
    theirs = await family.client.get(
        "/tasks/overdue", params={"owner": worker}, headers=family.auth()
    )
    assert theirs.json()["total"] == 2
    page = await family.client.get(
        "/tasks/overdue", params={"owner": worker, "limit": 1, "offset": 1}, headers=family.auth()
    )
    assert [t["kind"] for t in page.json()["items"]] == ["day_7_check"]
    assert ("fw.jones", "read", "followup_task") in await family.audit_rows(late)


async def test_task_filters_and_reassignment(family, intake) -> None:
    person = await released_with_case(family, intake, days_ago=10, worker="fw.old")
    today = datetime.now(UTC).date()
    due_soon = await family.tasks(person, due_before=today.isoformat(), status="open")
    assert sorted(t["kind"] for t in due_soon) == ["day_7_check", "release_day_contact"]
    [case] = (
        await family.client.get("/cases", params={"person_id": str(person)}, headers=family.auth())
    ).json()["items"]
    moved = await family.client.put(
        f"/cases/{case['case_id']}/worker", json={"worker": "fw.new"}, headers=family.auth()
    )
    assert moved.status_code == 200 and moved.json()["worker"] == "fw.new"
    assert {t["owner"] for t in await family.tasks(person)} == {"fw.new"}
    scheduled = await family.published(person, "family.followup.scheduled.v1")
    assert {e["data"]["owner"] for e in scheduled} == {"fw.old"}  # outcomes counts per worker
    handed = await family.published(person, "family.followup.reassigned.v1")
    assert sorted(e["data"]["kind"] for e in handed) == [
        "day_28_check",
        "day_7_check",
        "release_day_contact",
    ]
    assert {(e["data"]["owner"], e["data"]["previous_owner"]) for e in handed} == {
        ("fw.new", "fw.old")
    }
    again = await family.client.put(
        f"/cases/{case['case_id']}/worker", json={"worker": "fw.new"}, headers=family.auth()
    )
    assert again.status_code == 200
    assert len(await family.published(person, "family.followup.reassigned.v1")) == 3
    assert await family.tasks(person, status="completed") == []
    bad = await family.client.get("/tasks", params={"status": "lost"}, headers=family.auth())
    assert bad.status_code == 422
