"""Providers and opportunities (commands and handlers)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from pathways.placements.domain import DisclosureLevel, Opportunity, Provider
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork


@dataclass(frozen=True)
class CreateProvider:
    name: str
    area: str
    address: str
    supervisor: str


@dataclass(frozen=True)
class AddOpportunity:
    provider_id: UUID
    role_title: str
    capacity: int
    hours_per_week: int
    disclosure_level: DisclosureLevel


@dataclass(frozen=True)
class SetOpportunityOpen:
    opportunity_id: UUID
    is_open: bool


async def create_provider(cmd: CreateProvider, uow: PlacementsUnitOfWork) -> Provider:
    provider = Provider(cmd.name, cmd.area, cmd.address, cmd.supervisor)
    await uow.catalogue.add_provider(provider)
    await uow.commit()
    return provider


async def add_opportunity(cmd: AddOpportunity, uow: PlacementsUnitOfWork) -> Opportunity:
    await uow.catalogue.get_provider(cmd.provider_id)  # 404 if unknown
    opportunity = Opportunity(
        cmd.provider_id, cmd.role_title, cmd.capacity, cmd.hours_per_week, cmd.disclosure_level
    )
    await uow.catalogue.add_opportunity(opportunity)
    await uow.commit()
    return opportunity


async def set_opportunity_open(
    cmd: SetOpportunityOpen, uow: PlacementsUnitOfWork
) -> tuple[Opportunity, int]:
    opportunity, taken = await uow.catalogue.get_opportunity(cmd.opportunity_id)
    opportunity.reopen() if cmd.is_open else opportunity.close()
    await uow.catalogue.set_open(cmd.opportunity_id, opportunity.is_open)
    await uow.commit()
    return opportunity, taken
