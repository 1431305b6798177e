"""The placements unit of work: the kit's transaction with this service's repositories."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

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

    async def load_batch(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch: the people it names, their open referrals and active placements
        in three queries; the handlers' reads and saves stay in memory until `write_batch`."""
        await super().load_batch(person_ids)
        await self.people.load_many(person_ids)
        await self.referrals.load_many(person_ids)
        await self.placements.load_many(person_ids)

    async def write_batch(self) -> None:
        """People, referrals and placements: one INSERT and one UPDATE each (audit rows one)."""
        await self.people.write_staged()
        await self.referrals.write_staged()
        await self.placements.write_staged()
        await super().write_batch()
