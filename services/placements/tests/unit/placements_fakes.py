"""In-memory repositories for placements' unit-of-work protocol
(service_layer/unit_of_work.py), so its handlers are tested without a database or a broker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from pathways.placements.domain import (
    Opportunity,
    OutcomeLog,
    OutcomeRecord,
    PersonState,
    Placement,
    PlacementStatus,
    Provider,
    Referral,
    ReferralStatus,
)
from pathways.platform.errors import Conflict, NotFound
from pathways.platform.versioned import ConcurrentChange
from pathways.testing.fake_unit_of_work import FakeTable, FakeUnitOfWork


class FakePeople:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, PersonState] = FakeTable()

    async def get(self, person_id: UUID) -> PersonState | None:
        return self.table.get(person_id)

    async def get_or_new(self, person_id: UUID) -> PersonState:
        return await self.get(person_id) or PersonState(person_id)

    async def save(self, person: PersonState) -> None:
        self.table.put(person.person_id, person)

    async def qualified_released_before(self, moment: datetime) -> list[PersonState]:
        found = [
            p
            for p in self.table.rows()
            if p.is_qualified and p.release is not None and p.release.released_at <= moment
        ]
        return sorted(found, key=lambda p: (p.release.released_at, p.person_id))  # type: ignore[union-attr]


class FakeReferrals:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, Referral] = FakeTable()
        self.trigger_keys: FakeTable[str, UUID] = FakeTable()  # unique, as the column is
        self.order: dict[UUID, int] = {}  # created_at order

    async def get(self, referral_id: UUID) -> Referral:
        if (found := self.table.get(referral_id)) is None:
            raise NotFound(f"no referral with id {referral_id}", code="referral_not_found")
        return found

    async def add(self, referral: Referral, trigger_key: str | None = None) -> None:
        if referral.referral_id in self.table or (
            trigger_key is not None and trigger_key in self.trigger_keys
        ):
            raise ConcurrentChange("referral")
        if trigger_key is not None:
            self.trigger_keys.put(trigger_key, referral.referral_id)
        self.order[referral.referral_id] = len(self.order)
        self.table.put(referral.referral_id, referral)

    async def save(self, referral: Referral) -> None:
        self.table.put(referral.referral_id, referral)

    async def not_closed_of(self, person_id: UUID) -> list[Referral]:
        return [
            r
            for r in self._sorted()
            if r.person_id == person_id and r.status is not ReferralStatus.CLOSED
        ]

    async def list(
        self,
        person_id: UUID | None,
        status: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[Referral], int]:
        if prisons is not None:
            raise NotImplementedError("the fake keeps no person prisons")
        found = [
            r
            for r in self._sorted()
            if person_id in (None, r.person_id) and status in (None, r.status.value)
        ]
        return found[offset : offset + limit], len(found)

    def _sorted(self) -> list[Referral]:
        return sorted(self.table.rows(), key=lambda r: self.order.get(r.referral_id, -1))


class FakePlacements:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, Placement] = FakeTable()

    async def get(self, placement_id: UUID) -> Placement:
        if (found := self.table.get(placement_id)) is None:
            raise NotFound(f"no placement with id {placement_id}", code="placement_not_found")
        return found

    async def active_of(self, person_id: UUID) -> list[Placement]:
        found = [
            p
            for p in self.table.rows()
            if p.person_id == person_id and p.status is PlacementStatus.ACTIVE
        ]
        return sorted(found, key=lambda p: (p.starts_on, p.placement_id))

    async def save(self, placement: Placement) -> None:
        self.table.put(placement.placement_id, placement)


class FakeCatalogue:
    def __init__(self) -> None:
        self.providers: FakeTable[UUID, Provider] = FakeTable()
        self.opportunities: FakeTable[UUID, Opportunity] = FakeTable()
        self.taken: FakeTable[UUID, int] = FakeTable()  # active placements per opportunity

    async def add_provider(self, p: Provider) -> None:
        self.providers.put(p.provider_id, p)

    async def get_provider(self, provider_id: UUID) -> Provider:
        if (found := self.providers.get(provider_id)) is None:
            raise NotFound(f"no provider {provider_id}", code="provider_not_found")
        return found

    async def add_opportunity(self, o: Opportunity) -> None:
        self.opportunities.put(o.opportunity_id, o)
        self.taken.put(o.opportunity_id, 0)

    async def get_opportunity(self, opportunity_id: UUID) -> tuple[Opportunity, int]:
        if (found := self.opportunities.get(opportunity_id)) is None:
            raise NotFound(f"no opportunity {opportunity_id}", code="opportunity_not_found")
        return replace(found), self.taken.get(opportunity_id) or 0

    async def set_open(self, opportunity_id: UUID, is_open: bool) -> None:
        if (found := self.opportunities.get(opportunity_id)) is not None:
            self.opportunities.put(opportunity_id, replace(found, is_open=is_open))

    async def take_place(self, opportunity_id: UUID) -> bool:
        opportunity, taken = await self.get_opportunity(opportunity_id)
        if taken >= opportunity.capacity:
            return False
        self.taken.put(opportunity_id, taken + 1)
        return True

    async def free_place(self, opportunity_id: UUID) -> None:
        taken = self.taken.get(opportunity_id) or 0
        if taken > 0:
            self.taken.put(opportunity_id, taken - 1)


class FakeOutcomes:
    def __init__(self) -> None:
        self.table: FakeTable[tuple[UUID, datetime, int], OutcomeRecord] = FakeTable()

    async def log_for(self, person_id: UUID) -> OutcomeLog:
        return OutcomeLog(person_id, [r for r in self.table.rows() if r.person_id == person_id])

    async def add(self, record: OutcomeRecord) -> None:
        key = (record.person_id, record.released_at, int(record.weeks_after_release))
        if key in self.table:
            raise Conflict(
                "this outcome was recorded at the same time by someone else",
                code="outcome_already_recorded",
            )
        self.table.put(key, record)

    async def recorded_for(self, person_ids: Iterable[UUID]) -> list[OutcomeRecord]:
        wanted = set(person_ids)
        return [r for r in self.table.rows() if r.person_id in wanted]


class FakePlacementsUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.people = FakePeople()
        self.referrals = FakeReferrals()
        self.placements = FakePlacements()
        self.catalogue = FakeCatalogue()
        self.outcomes = FakeOutcomes()
        self.track(
            self.people.table,
            self.referrals.table,
            self.referrals.trigger_keys,
            self.placements.table,
            self.catalogue.providers,
            self.catalogue.opportunities,
            self.catalogue.taken,
            self.outcomes.table,
        )
