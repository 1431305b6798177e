"""What intake's use cases need of a unit of work: these repositories and the kit's
transaction (`AbstractUnitOfWork`: emit, audit, commit). The SQLAlchemy one is
`adapters/unit_of_work.py`, passed in by the entrypoints; the unit tests pass a fake
(`tests/unit/fakes.py`). No handler imports an adapter (import-linter)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from pathways.intake.domain.person import Person
from pathways.intake.domain.person_query import PersonQuery
from pathways.intake.domain.treatment import TreatmentHandover, TreatmentProvider
from pathways.messaging.work import AbstractUnitOfWork


class People(Protocol):
    async def get(self, person_id: uuid.UUID) -> Person:
        """The person, or NotFound (`person_not_found`)."""
        ...

    async def find_by_prison_number(self, prison_number: str) -> Person | None: ...

    async def search(self, query: PersonQuery) -> tuple[list[Person], int]:
        """A page of people matching `query`, ordered by prison number, and the total."""
        ...

    async def released_from(self, prison_code: str) -> list[Person]:
        """The people whose latest release was from `prison_code`."""
        ...

    async def save(self, person: Person) -> None:
        """Insert or update (Conflict if changed meanwhile, or the prison number is taken)."""
        ...


class PeopleBatch(Protocol):
    """The people one batch of feed messages names, changed in memory, written at once."""

    async def load(self, prison_numbers: Iterable[str]) -> None: ...

    def get(self, prison_number: str) -> Person | None: ...

    def put(self, person: Person) -> None:
        """`person` (new, or one got here) was changed by one message."""
        ...

    async def save(self) -> None: ...


class Treatment(Protocol):
    """Community treatment providers and each person's handovers (one per custody period)."""

    async def providers(self, area: str | None = None) -> list[TreatmentProvider]: ...

    async def provider(self, code: str) -> TreatmentProvider | None: ...

    async def save_provider(self, provider: TreatmentProvider) -> bool:
        """Insert or replace; True when it was new."""
        ...

    async def handovers_of(self, person_id: uuid.UUID) -> list[TreatmentHandover]:
        """Newest custody period first."""
        ...

    async def for_period(
        self, person_id: uuid.UUID, started_at: datetime
    ) -> TreatmentHandover | None: ...

    async def of_people(self, person_ids: Iterable[uuid.UUID]) -> list[TreatmentHandover]: ...

    async def save(self, handover: TreatmentHandover) -> None: ...


class IntakeUnitOfWork(AbstractUnitOfWork, Protocol):
    people: People
    treatment: Treatment

    def people_batch(self) -> PeopleBatch:
        """A new batch of people, in this unit of work."""
        ...
