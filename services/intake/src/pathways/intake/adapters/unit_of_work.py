"""The intake unit of work: the kit's transaction (outbox, audit) plus the people repository."""

from __future__ import annotations

from pathways.intake.adapters.repository import PersonRepository
from pathways.messaging.unit_of_work import UnitOfWork


class IntakeUnitOfWork(UnitOfWork):
    """`uow.people` loads and saves Person aggregates in this unit of work's session."""

    people: PersonRepository

    def _enter(self) -> None:
        self.people = PersonRepository(self.session)
