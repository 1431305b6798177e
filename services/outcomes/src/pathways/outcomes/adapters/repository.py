"""Storing facts (idempotently, keyed by event id) and loading them back for one prison."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import REGISTRY, EventData
from pathways.messaging.incoming import Incoming
from pathways.messaging.tables import inbox
from pathways.outcomes.adapters.orm import facts, read_model_state
from pathways.outcomes.domain.facts import Fact

CHUNK = 2000  # people per IN (...) list


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _prisons(data: EventData) -> tuple[str | None, str | None]:
    if hasattr(data, "from_prison_code"):
        return data.to_prison_code, data.from_prison_code  # type: ignore[attr-defined]
    return getattr(data, "prison_code", None), None


def fact_row(incoming: Incoming, now: datetime) -> dict[str, Any]:
    data: EventData = incoming.data
    prison, other = _prisons(data)
    person = getattr(data, "person_id", None) or getattr(data, "mentee_person_id")  # noqa: B009
    return {
        "event_id": incoming.event_id,
        "event_type": incoming.event_type,
        "person_id": str(person),
        "prison_code": prison,
        "other_prison_code": other,
        "occurred_at": incoming.occurred_at or now,
        "recorded_at": now,
        "data": data.model_dump(mode="json"),
    }


@dataclass(frozen=True)
class State:
    generation: int
    rebuild_started_at: datetime | None
    rebuild_targets: dict[str, int] | None
    rebuilt_at: datetime | None


class FactStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, run: Sequence[Incoming]) -> None:
        now = datetime.now(UTC)
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(facts).on_conflict_do_nothing(index_elements=["event_id"])
        await self.session.execute(statement, [fact_row(i, now) for i in run])

    async def load(self, prison_code: str | None) -> list[Fact]:
        """Every fact, or (for one prison) every fact about the people who were ever there."""
        if prison_code is None:
            return self._facts(await self.session.execute(select(facts)))
        people = select(facts.c.person_id).where(
            or_(facts.c.prison_code == prison_code, facts.c.other_prison_code == prison_code)
        )
        ids = sorted(set((await self.session.execute(people)).scalars()))
        loaded: list[Fact] = []
        for start in range(0, len(ids), CHUNK):
            rows = await self.session.execute(
                select(facts).where(facts.c.person_id.in_(ids[start : start + CHUNK]))
            )
            loaded += self._facts(rows)
        return loaded

    @staticmethod
    def _facts(rows: Any) -> list[Fact]:
        loaded = []
        for row in rows:
            model = REGISTRY.get(row.event_type)
            if model is not None:
                loaded.append(
                    Fact(row.event_id, _aware(row.occurred_at), model.model_validate(row.data))
                )
        return loaded

    async def totals(self) -> tuple[int, datetime | None, datetime | None]:
        """How many facts, the newest event time, and when the last one was applied."""
        row = (
            await self.session.execute(
                select(func.count(), func.max(facts.c.occurred_at), func.max(facts.c.recorded_at))
            )
        ).one()
        return int(row[0]), row[1] and _aware(row[1]), row[2] and _aware(row[2])

    async def clear(self, consumer: str) -> None:
        """Forget every fact and which events the consumer applied (so a replay applies all)."""
        await self.session.execute(delete(facts))
        await self.session.execute(delete(inbox).where(inbox.c.consumer == consumer))


class StateStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, *, for_update: bool = False) -> State:
        query = select(read_model_state).where(read_model_state.c.id == 1)
        if for_update and self.session.bind.dialect.name == "postgresql":
            query = query.with_for_update()
        row = (await self.session.execute(query)).one()
        return State(
            row.generation,
            row.rebuild_started_at and _aware(row.rebuild_started_at),
            row.rebuild_targets,
            row.rebuilt_at and _aware(row.rebuilt_at),
        )

    async def set(self, **values: Any) -> None:
        await self.session.execute(
            update(read_model_state).where(read_model_state.c.id == 1).values(**values)
        )
