"""The placements unit of work: the kit's transaction with this service's repositories."""

from __future__ import annotations

from pathways.messaging.unit_of_work import UnitOfWork
from pathways.placements.adapters.cases import PlacementRepository, ReferralRepository
from pathways.placements.adapters.catalogue import CatalogueRepository
from pathways.placements.adapters.outcome_rows import OutcomeRepository
from pathways.placements.adapters.people import PeopleRepository


class PlacementsUnitOfWork(UnitOfWork):
    people: PeopleRepository
    referrals: ReferralRepository
    placements: PlacementRepository
    catalogue: CatalogueRepository
    outcomes: OutcomeRepository

    def _enter(self) -> None:
        self.people = PeopleRepository(self.session)
        self.referrals = ReferralRepository(self.session)
        self.placements = PlacementRepository(self.session)
        self.catalogue = CatalogueRepository(self.session)
        self.outcomes = OutcomeRepository(self.session)
