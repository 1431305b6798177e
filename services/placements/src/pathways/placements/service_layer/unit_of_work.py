"""What placements' use cases need of a unit of work: these repositories and the kit's
transaction (`AbstractUnitOfWork`: emit, audit, commit). The SQLAlchemy one is
`adapters/unit_of_work.py`, passed in by the entrypoints and the consumer; the unit tests
pass a fake (`tests/unit/placements_fakes.py`). No handler imports an adapter."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from uuid import UUID

from pathways.messaging.work import AbstractUnitOfWork
from pathways.placements.domain import (
    Opportunity,
    OutcomeLog,
    OutcomeRecord,
    PersonState,
    Placement,
    Provider,
    Referral,
)


class People(Protocol):
    """Each person's eligibility facts (custody, qualification, risk, consent)."""

    async def get(self, person_id: UUID) -> PersonState | None: ...

    async def get_or_new(self, person_id: UUID) -> PersonState:
        """The stored state, or a fresh one (in custody, nothing known) to be saved."""
        ...

    async def save(self, person: PersonState) -> None:
        """Insert or update (ConcurrentChange if changed meanwhile)."""
        ...

    async def qualified_released_before(self, moment: datetime) -> list[PersonState]:
        """Qualified mentors whose latest release was at or before `moment`."""
        ...


class Referrals(Protocol):
    async def get(self, referral_id: UUID) -> Referral:
        """The referral, or NotFound (`referral_not_found`)."""
        ...

    async def add(self, referral: Referral, trigger_key: str | None = None) -> None:
        """A new referral; `trigger_key` is unique (a trigger opens one referral)."""
        ...

    async def save(self, referral: Referral) -> None: ...

    async def not_closed_of(self, person_id: UUID) -> list[Referral]:
        """The person's open or placed referrals, oldest first."""
        ...

    async def list(
        self,
        person_id: UUID | None,
        status: str | None,
        limit: int,
        offset: int,
        prisons: frozenset[str] | None = None,
    ) -> tuple[list[Referral], int]: ...


class Placements(Protocol):
    async def get(self, placement_id: UUID) -> Placement:
        """The placement, or NotFound (`placement_not_found`)."""
        ...

    async def active_of(self, person_id: UUID) -> list[Placement]: ...

    async def save(self, placement: Placement) -> None:
        """Insert a new placement or update one read in this unit of work."""
        ...


class Catalogue(Protocol):
    """Providers and their opportunities, with the places each has taken."""

    async def add_provider(self, p: Provider) -> None: ...

    async def get_provider(self, provider_id: UUID) -> Provider:
        """The provider, or NotFound (`provider_not_found`)."""
        ...

    async def add_opportunity(self, o: Opportunity) -> None: ...

    async def get_opportunity(self, opportunity_id: UUID) -> tuple[Opportunity, int]:
        """The opportunity and how many active placements it has (or NotFound)."""
        ...

    async def set_open(self, opportunity_id: UUID, is_open: bool) -> None: ...

    async def take_place(self, opportunity_id: UUID) -> bool:
        """Take one place if one is free, atomically (False: full, nothing changed)."""
        ...

    async def free_place(self, opportunity_id: UUID) -> None: ...


class Outcomes(Protocol):
    async def log_for(self, person_id: UUID) -> OutcomeLog: ...

    async def add(self, record: OutcomeRecord) -> None:
        """Conflict (`outcome_already_recorded`) if recorded concurrently."""
        ...

    async def recorded_for(self, person_ids: Iterable[UUID]) -> list[OutcomeRecord]: ...


class PlacementsUnitOfWork(AbstractUnitOfWork, Protocol):
    people: People
    referrals: Referrals
    placements: Placements
    catalogue: Catalogue
    outcomes: Outcomes
