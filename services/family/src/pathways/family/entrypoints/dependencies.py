"""FastAPI dependencies: a unit of work per request, pagination, the family role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Depends, Query, Request

from pathways.family.adapters.unit_of_work import FamilyUnitOfWork
from pathways.platform.inputs import MAX_OFFSET
from pathways.platform.security import Principal, require

reader = Depends(require("family"))
writer = Depends(require("family", write=True))


async def unit_of_work(request: Request) -> AsyncIterator[FamilyUnitOfWork]:
    async with request.app.state.runtime.new_uow() as uow:
        yield uow


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: int = Query(50, ge=1, le=500, description="Page size"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip"),
) -> Paging:
    return Paging(limit, offset)


uow_dependency = Depends(unit_of_work)
paging_dependency = Depends(paging)


@dataclass(frozen=True)
class Change:
    """A change asked of the family service: by whom (`actor`, the caller's staff
    identifier, with the write role checked) and the request's unit of work."""

    actor: str
    uow: FamilyUnitOfWork


async def _change(principal: Principal = writer, uow: FamilyUnitOfWork = uow_dependency) -> Change:
    return Change(principal.subject, uow)


change_dependency = Depends(_change)
