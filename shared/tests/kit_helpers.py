"""Helpers for the kit's broker tests."""

from __future__ import annotations

import json
import uuid
from typing import Any

from kit_service import applied
from sqlalchemy import func, select

from pathways.contracts import CloudEvent
from pathways.contracts.intake import PersonRecategorised


def recategorised(person: uuid.UUID, **envelope: Any) -> CloudEvent:
    return CloudEvent.wrap(
        PersonRecategorised(person_id=person, category="D"), source="tests", **envelope
    )


async def applied_count(app: Any, person: uuid.UUID) -> int:
    async with app.state.runtime.sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(applied).where(applied.c.person_id == str(person))
            )
        )


def for_person(records: list[Any], person: uuid.UUID) -> list[dict[str, Any]]:
    events = [json.loads(r.value) for r in records]
    return [e for e in events if e.get("subject") == str(person)]


def header(record: Any, name: str) -> str | None:
    return next((v.decode() for k, v in record.headers if k == name), None)
