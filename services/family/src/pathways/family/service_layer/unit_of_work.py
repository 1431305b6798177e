"""What the family service's use cases need of a unit of work: these repositories and the
kit's transaction (`AbstractUnitOfWork`: emit, audit, commit). The SQLAlchemy one is
`adapters/unit_of_work.py`, passed in by the entrypoints and the consumer; the unit tests
pass a fake (`tests/unit/family_fakes.py`). No handler imports an adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from pathways.family.domain.case import FamilyCase
from pathways.family.domain.plan import FollowUpPlan
from pathways.family.domain.tasks import FollowUpTask, TaskFilter
from pathways.messaging.work import AbstractUnitOfWork


class KnownPeople(Protocol):
    """The people intake has told the family service about, and their consent."""

    async def is_known(self, person_id: UUID) -> bool: ...

    async def remember(self, person_id: UUID, event_type: str) -> None: ...

    async def allows_family(self, person_id: UUID) -> bool:
        """Intake said the person consents to family work (none said: not allowed)."""
        ...

    async def record_consent(
        self, person_id: UUID, allowed: bool, at: datetime, event_type: str
    ) -> bool:
        """Keep the newest consent fact; False when `at` is older than the one kept."""
        ...


class Cases(Protocol):
    async def get(self, case_id: UUID, *, lock: bool = False) -> FamilyCase | None: ...

    async def for_person(self, person_id: UUID) -> FamilyCase | None: ...

    async def page(
        self,
        *,
        person_id: UUID | None,
        worker: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[FamilyCase], int]: ...

    def add(self, case: FamilyCase) -> None:
        """A new case: `save` inserts it."""
        ...

    async def save(self, case: FamilyCase) -> None:
        """Insert an added case (409 `case_exists` if the person has one) or update it."""
        ...


class Plans(Protocol):
    """Each person's follow-up plan: custody facts, the case link and the tasks."""

    async def get(self, person_id: UUID, *, lock: bool = True) -> FollowUpPlan | None: ...

    async def get_or_create(self, person_id: UUID) -> FollowUpPlan: ...

    async def person_of_task(self, task_id: UUID) -> UUID | None: ...

    async def save(self, plan: FollowUpPlan) -> None: ...


class Tasks(Protocol):
    async def page(
        self, where: TaskFilter, *, limit: int, offset: int
    ) -> tuple[list[FollowUpTask], int]:
        """The tasks `where` matches, soonest due first."""
        ...


class FamilyUnitOfWork(AbstractUnitOfWork, Protocol):
    people: KnownPeople
    cases: Cases
    plans: Plans
    tasks: Tasks
