"""FastAPI dependencies: a unit of work per request, the role checks, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request

from pathways.placements.adapters.unit_of_work import PlacementsUnitOfWork
from pathways.platform.inputs import MAX_OFFSET
from pathways.platform.security import Principal, require

ROLE = "placements"


async def _uow(request: Request) -> AsyncIterator[PlacementsUnitOfWork]:
    async with request.app.state.runtime.new_uow() as uow:
        yield uow


Uow = Annotated[PlacementsUnitOfWork, Depends(_uow)]
Reader = Annotated[Principal, Depends(require(ROLE))]
Writer = Annotated[Principal, Depends(require(ROLE, write=True))]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
