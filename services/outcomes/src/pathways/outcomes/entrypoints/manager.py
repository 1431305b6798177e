"""Routes a manager acts on (issue 16): monthly trends and the prisons side by side (counts,
role `reporting`), and the releases behind the continuity-of-care figure — JSON and an HTML
drill-down page — for `reporting` within the caseload (or national scope), audited."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from pathways.outcomes.domain.continuity import ReleaseClass, ReleaseOutcome
from pathways.outcomes.domain.trends import PrisonRow, Trends
from pathways.outcomes.entrypoints.api import FROM, PRISON, TO, range_days
from pathways.outcomes.entrypoints.auth import read_access, within_caseload
from pathways.outcomes.entrypoints.dashboard import drill_down
from pathways.outcomes.entrypoints.page_manager import releases_page
from pathways.outcomes.service_layer import manager_queries as mq
from pathways.outcomes.service_layer.queries import SummaryQuery
from pathways.platform.inputs import Day
from pathways.platform.security import Principal

router = APIRouter(prefix="/outcomes", tags=["outcomes"])
STATUS = Query(None, description="only releases of this class (default: every one)")


@router.get("/trends", response_model=Trends)
async def get_trends(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    _: Principal = Depends(read_access),
) -> Trends:
    """The headline figures per calendar month of the range (at most the latest 36)."""
    async with request.app.state.runtime.new_uow() as uow:
        return await mq.trends(SummaryQuery(prison_code, start, end), uow, range_days(request))


@router.get("/prisons", response_model=list[PrisonRow])
async def get_prisons(
    request: Request,
    start: Day | None = FROM,
    end: Day | None = TO,
    _: Principal = Depends(read_access),
) -> list[PrisonRow]:
    """Every prison's headline figures for the range, side by side."""
    async with request.app.state.runtime.new_uow() as uow:
        return await mq.prisons(SummaryQuery(None, start, end), uow, range_days(request))


async def _releases(
    request: Request, principal: Principal, query: SummaryQuery, status: ReleaseClass | None
) -> list[ReleaseOutcome]:
    await within_caseload(request, principal, query.prison_code, "GET /outcomes/continuity")
    async with request.app.state.runtime.new_uow() as uow:
        _, rows = await mq.releases(query, status, principal.subject, uow, range_days(request))
    return rows


@router.get("/continuity/releases", response_model=list[ReleaseOutcome])
async def get_releases(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    status: ReleaseClass | None = STATUS,
    principal: Principal = Depends(read_access),
) -> list[ReleaseOutcome]:
    """The releases behind the continuity-of-care figure (person id, prison, release day,
    class, first attendance), each audited; a prison in the caseload, unless national."""
    return await _releases(request, principal, SummaryQuery(prison_code, start, end), status)


@router.get("/continuity", response_class=HTMLResponse, tags=["dashboard"])
async def continuity_page(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    status: ReleaseClass | None = STATUS,
) -> HTMLResponse:
    """The drill-down page behind the dashboard's continuity-of-care tiles."""
    query = SummaryQuery(prison_code, start, end)
    return await drill_down(
        request,
        lambda reader: _releases(request, reader, query, status),
        lambda rows: releases_page([asdict(r) for r in rows], prison_code, status),
    )
