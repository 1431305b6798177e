"""In-memory repositories for intake's unit-of-work protocol (service_layer/unit_of_work.py),
so its handlers are tested without a database or a broker."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.person import Person
from pathways.intake.domain.person_query import PersonQuery
from pathways.intake.domain.treatment import TreatmentHandover, TreatmentProvider, of_period
from pathways.platform.errors import Conflict, NotFound
from pathways.testing.fake_unit_of_work import FakeTable, FakeUnitOfWork


class FakePeople:
    def __init__(self) -> None:
        self.table: FakeTable[uuid.UUID, Person] = FakeTable()

    async def get(self, person_id: uuid.UUID) -> Person:
        if (person := self.table.get(person_id)) is None:
            raise NotFound(f"no person with id {person_id}", code="person_not_found")
        return person

    async def find_by_prison_number(self, prison_number: str) -> Person | None:
        return next((p for p in self.table.rows() if p.prison_number == prison_number), None)

    async def search(self, query: PersonQuery) -> tuple[list[Person], int]:
        found = sorted(
            (
                p
                for p in self.table.rows()
                if query.prison_number in (None, "", p.prison_number)
                and query.prison_code in (None, "", p.prison_code)
                and query.status in (None, "", p.status.value)
                and (query.prisons is None or p.prison_code in query.prisons)
            ),
            key=lambda p: p.prison_number,
        )
        return found[query.offset : query.offset + query.limit], len(found)

    async def released_from(self, prison_code: str) -> list[Person]:
        return [
            p
            for p in self.table.rows()
            if p.prison_code == prison_code and p.status is CustodyStatus.RELEASED
        ]

    async def save(self, person: Person) -> None:
        known = await self.find_by_prison_number(person.prison_number)
        if known is not None and known.person_id != person.person_id:
            raise Conflict(
                f"prison number {person.prison_number} is already known to intake",
                code="prison_number_taken",
            )
        self.table.put(person.person_id, person)


class FakePeopleBatch:
    """The feed's batch over the same people (written back on `save`)."""

    def __init__(self, people: FakePeople) -> None:
        self.people = people
        self.changed: dict[uuid.UUID, Person] = {}

    async def load(self, prison_numbers: Iterable[str]) -> None:
        for number in prison_numbers:
            await self.people.find_by_prison_number(number)

    def get(self, prison_number: str) -> Person | None:
        mine = (p for p in self.changed.values() if p.prison_number == prison_number)
        stored = (p for p in self.people.table.rows() if p.prison_number == prison_number)
        return next(mine, None) or next(stored, None)

    def put(self, person: Person) -> None:
        self.changed[person.person_id] = person

    async def save(self) -> None:
        for person in self.changed.values():
            await self.people.save(person)


class FakeTreatment:
    def __init__(self) -> None:
        self.provider_table: FakeTable[str, TreatmentProvider] = FakeTable()
        self.handover_table: FakeTable[uuid.UUID, TreatmentHandover] = FakeTable()

    async def providers(self, area: str | None = None) -> list[TreatmentProvider]:
        found = [
            p
            for p in self.provider_table.rows()
            if area is None or _area(p.local_authority) == _area(area)
        ]
        return sorted(found, key=lambda p: (p.local_authority, p.name))

    async def provider(self, code: str) -> TreatmentProvider | None:
        return self.provider_table.get(code)

    async def save_provider(self, provider: TreatmentProvider) -> bool:
        created = provider.provider_code not in self.provider_table
        self.provider_table.put(provider.provider_code, provider)
        return created

    async def handovers_of(self, person_id: uuid.UUID) -> list[TreatmentHandover]:
        found = [h for h in self.handover_table.rows() if h.person_id == person_id]
        return sorted(found, key=lambda h: h.period_started_at, reverse=True)

    async def for_period(
        self, person_id: uuid.UUID, started_at: datetime
    ) -> TreatmentHandover | None:
        return of_period(await self.handovers_of(person_id), started_at)

    async def of_people(self, person_ids: Iterable[uuid.UUID]) -> list[TreatmentHandover]:
        wanted = set(person_ids)
        return [h for h in self.handover_table.rows() if h.person_id in wanted]

    async def save(self, handover: TreatmentHandover) -> None:
        self.handover_table.put(handover.handover_id, handover)


def _area(name: str) -> str:
    return " ".join(name.split()).casefold()


class FakeIntakeUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.people = FakePeople()
        self.treatment = FakeTreatment()
        self.track(self.people.table, self.treatment.provider_table, self.treatment.handover_table)

    def people_batch(self) -> FakePeopleBatch:
        return FakePeopleBatch(self.people)
