"""Storing facts (idempotently, keyed by event id) and loading them back for one prison."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.contracts import REGISTRY, EventData, field_of
from pathways.messaging.forgetting import forgotten_among
from pathways.messaging.generations import forget_applied
from pathways.messaging.incoming import Incoming
from pathways.outcomes.adapters.orm import facts, read_model_state
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger_person import mentor_of, subject_of
from pathways.platform.statements import ids_param

CHUNK = 2000  # people per IN (...) list


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _prisons(data: EventData) -> tuple[str | None, str | None]:
    if field_of(data, "from_prison_code") is not None:
        return data.to_prison_code, data.from_prison_code  # type: ignore[attr-defined]
    return field_of(data, "prison_code"), None


def fact_row(incoming: Incoming, now: datetime) -> dict[str, Any]:
    data: EventData = incoming.data
    prison, other = _prisons(data)
    mentor = mentor_of(data)
    return {
        "event_id": incoming.event_id,
        "event_type": incoming.event_type,
        "person_id": str(subject_of(data)),
        "other_person_id": mentor and str(mentor),
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
    aggregates_version: int | None = None


_PEOPLE = ids_param()
_OF_PEOPLE = select(facts).where(  # every batch asks (built once, run with parameters)
    or_(facts.c.person_id.in_(_PEOPLE), facts.c.other_person_id.in_(_PEOPLE))
)


class FactStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, run: Sequence[Incoming], now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(facts).on_conflict_do_nothing(index_elements=["event_id"])
        rows = [fact_row(i, now) for i in run]
        mentors = {r["other_person_id"] for r in rows if r["other_person_id"]}
        gone = await forgotten_among(self.session, mentors) if mentors else set()
        for row in rows:  # a forgotten mentor is not named again
            if row["other_person_id"] in gone:
                row["other_person_id"] = None
        await self.session.execute(statement, rows)

    async def unname(self, people: Iterable[object]) -> None:
        """Facts about others keep no link to a forgotten mentor (the bare id in `data`)."""
        ids = sorted({str(p) for p in people})
        await self.session.execute(
            update(facts).where(facts.c.other_person_id.in_(ids)).values(other_person_id=None)
        )

    async def of_people(self, people: Iterable[object]) -> list[Fact]:
        """Every fact about these people: their own, and the matches naming them as mentor."""
        ids = sorted({str(p) for p in people})
        loaded: list[Fact] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows = await self.session.execute(_OF_PEOPLE, {"ids": chunk})
            loaded += self._facts(rows)
        return list({f.event_id: f for f in loaded}.values())

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
        await forget_applied(self.session, consumer)


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
            row.aggregates_version,
        )

    async def set(self, **values: Any) -> None:
        await self.session.execute(
            update(read_model_state).where(read_model_state.c.id == 1).values(**values)
        )
