"""FastAPI dependencies: a unit of work per request, and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Depends, Query, Request

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.platform.inputs import MAX_OFFSET
from pathways.platform.security import Principal, require

ROLE = "mentoring"
Reader = Depends(require(ROLE))
Writer = Depends(require(ROLE, write=True))
Limit = Query(50, ge=1, le=200)
PrisonCode = Query(None, pattern=r"^[A-Z]{3}$", description="three-letter prison code, e.g. BAI")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip")


async def unit_of_work(request: Request) -> AsyncIterator[MentoringUnitOfWork]:
    async with request.app.state.runtime.new_uow() as uow:
        yield uow


UoW = Depends(unit_of_work)

__all__ = ["ROLE", "Limit", "Offset", "Principal", "PrisonCode", "Reader", "UoW", "Writer"]
