"""The intake unit of work: the kit's transaction (outbox, audit) plus the people repository
(the SQLAlchemy one fulfilling `service_layer/unit_of_work.py`)."""

from __future__ import annotations

from pathways.intake.adapters.people_batch import PeopleBatch
from pathways.intake.adapters.repository import PersonRepository
from pathways.intake.adapters.treatment_repository import TreatmentRepository
from pathways.messaging.unit_of_work import UnitOfWork


class IntakeUnitOfWork(UnitOfWork):
    """`uow.people` (Person aggregates) and `uow.treatment` (community treatment) in this
    unit of work's session."""

    people: PersonRepository
    treatment: TreatmentRepository

    def _enter(self) -> None:
        self.people = PersonRepository(self.session)
        self.treatment = TreatmentRepository(self.session)

    def people_batch(self) -> PeopleBatch:
        return PeopleBatch(self.session)
