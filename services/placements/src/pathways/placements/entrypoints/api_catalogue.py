"""Routes: community providers and their volunteer opportunities."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from pathways.placements.entrypoints.deps import Limit, Offset, Reader, Uow, Writer
from pathways.placements.entrypoints.schemas_catalogue import (
    OpportunityIn,
    OpportunityOut,
    Page,
    ProviderIn,
    ProviderOut,
)
from pathways.placements.service_layer import catalogue as svc

router = APIRouter(tags=["providers and opportunities"])


@router.post("/providers", status_code=201, response_model=ProviderOut)
async def create_provider(body: ProviderIn, principal: Writer, uow: Uow) -> ProviderOut:
    """Register a community project offering volunteer placements."""
    cmd = svc.CreateProvider(body.name, body.area, body.address, body.supervisor)
    return ProviderOut.of(await svc.create_provider(cmd, uow))


@router.get("/providers", response_model=Page[ProviderOut])
async def list_providers(
    principal: Reader,
    uow: Uow,
    area: str | None = Query(None, max_length=100, description="Only providers in this area"),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ProviderOut]:
    items, total = await uow.catalogue.list_providers(area, limit, offset)
    return Page(items=[ProviderOut.of(p) for p in items], total=total, limit=limit, offset=offset)


@router.post(
    "/providers/{provider_id}/opportunities", status_code=201, response_model=OpportunityOut
)
async def add_opportunity(
    provider_id: UUID, body: OpportunityIn, principal: Writer, uow: Uow
) -> OpportunityOut:
    """Add a volunteer role (capacity, weekly hours, disclosure level needed)."""
    cmd = svc.AddOpportunity(
        provider_id, body.role_title, body.capacity, body.hours_per_week, body.disclosure_level
    )
    return OpportunityOut.of(await svc.add_opportunity(cmd, uow), 0)


@router.get("/opportunities", response_model=Page[OpportunityOut])
async def list_opportunities(
    principal: Reader,
    uow: Uow,
    area: str | None = Query(
        None, max_length=100, description="Only roles at providers in this area"
    ),
    open: bool | None = Query(None, description="true: open roles only; false: closed only"),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[OpportunityOut]:
    rows, total = await uow.catalogue.list_opportunities(area, open, limit, offset)
    items = [OpportunityOut.of(o, taken, p) for o, taken, p in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/opportunities/{opportunity_id}/close", response_model=OpportunityOut)
async def close_opportunity(opportunity_id: UUID, principal: Writer, uow: Uow) -> OpportunityOut:
    """Stop offering the role (active placements carry on)."""
    cmd = svc.SetOpportunityOpen(opportunity_id, False)
    return OpportunityOut.of(*await svc.set_opportunity_open(cmd, uow))


@router.post("/opportunities/{opportunity_id}/reopen", response_model=OpportunityOut)
async def reopen_opportunity(opportunity_id: UUID, principal: Writer, uow: Uow) -> OpportunityOut:
    cmd = svc.SetOpportunityOpen(opportunity_id, True)
    return OpportunityOut.of(*await svc.set_opportunity_open(cmd, uow))
