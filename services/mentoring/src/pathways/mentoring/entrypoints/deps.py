"""FastAPI dependencies: a unit of work per request, and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Depends, Query, Request

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.entrypoints.schemas import Page
from pathways.platform.inputs import MAX_OFFSET
from pathways.platform.security import Principal, require

T = TypeVar("T")
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


@dataclass(frozen=True)
class Listing:
    """A list asked for: by whom (role checked), of which prison (None: any), which page."""

    who: Principal
    uow: MentoringUnitOfWork
    prison_code: str | None
    limit: int
    offset: int

    def page(self, items: list[T], total: int) -> Page[T]:
        return Page(items=items, total=total, limit=self.limit, offset=self.offset)


def _listing(
    prison_code: str | None = PrisonCode,
    limit: int = Limit,
    offset: int = Offset,
    uow: MentoringUnitOfWork = UoW,
    who: Principal = Reader,
) -> Listing:
    return Listing(who, uow, prison_code, limit, offset)


Listed = Depends(_listing)

__all__ = [
    "ROLE", "Limit", "Listed", "Listing", "Offset", "Principal", "PrisonCode", "Reader", "UoW",
    "Writer",
]  # fmt: skip
