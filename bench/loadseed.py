"""What bench/loadgen.py loads: databases, a person to read, reception bodies, and a
mentoring cohort of 1,000 waiting mentees and 300 active mentors (bench/matching.py's
synthetic cohort, stored through mentoring's own unit of work) for a matching run."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from matching import synthetic_cohort

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.domain import optimal_assignment
from pathways.platform.db import create_engine, session_factory
from pathways.platform.migrations import upgrade
from pathways.testing.ids import unique_prison_number
from pathways.testing.postgres import create_database

PERSON = "00000000-0000-4000-8000-000000000000"
MIGRATIONS = Path(__file__).resolve().parents[1] / "services/mentoring/src/pathways/mentoring"
RECEIVED_AT = (datetime.now(UTC) - timedelta(hours=1)).isoformat()


async def database(kind: str, postgres: str, folder: str, name: str) -> str:
    if kind == "postgresql":
        return await create_database(postgres, prefix=f"pathways_bench_{name}")
    return f"sqlite+aiosqlite:///{folder}/{name}-{uuid.uuid4().hex[:6]}.db"


def reception(_: int) -> bytes:
    body = {"prison_number": unique_prison_number(), "prison_code": "BAI"}
    return json.dumps(
        body | {"received_at": RECEIVED_AT, "given_name": "Bench", "family_name": "Load"}
    ).encode()


def receive_one(base: str, token: str) -> str:
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    response = httpx.post(f"{base}/people", content=reception(0), headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["person_id"]


async def seed_matching(url: str) -> None:
    """The cohort of bench/matching.py (one prison), stored as the service stores it."""
    await asyncio.to_thread(upgrade, url, MIGRATIONS / "migrations")
    engine = create_engine(url)
    mentors, mentees, _ = synthetic_cohort()
    async with MentoringUnitOfWork(session_factory(engine), source="bench") as uow:
        for mentor in mentors:
            await uow.mentors.save(mentor)
        for mentee in mentees:
            await uow.mentees.save(mentee)
        await uow.commit()
    await engine.dispose()


def matching_run(base: str, token: str) -> tuple[float, int]:
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    response = httpx.post(
        f"{base}/matching/runs", json={"prison_code": "BAI"}, headers=headers, timeout=120
    )
    seconds = time.perf_counter() - started
    response.raise_for_status()
    return seconds, len(response.json()["matches"])


def engine_alone() -> float:
    cohort = synthetic_cohort()
    started = time.perf_counter()
    optimal_assignment(*cohort)
    return time.perf_counter() - started
