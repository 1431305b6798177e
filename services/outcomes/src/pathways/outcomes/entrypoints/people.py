"""The people behind each headline figure (issue 16) — JSON and an HTML drill-down page —
for `reporting` within the caseload (or national scope), every listed person audited; and
the family follow-ups due and overdue per worker (counts per staff id, within the caseload
too)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from pathways.outcomes.domain.drill import Figure
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.workers import WorkerFollowUps
from pathways.outcomes.entrypoints.api import FROM, PRISON, TO, range_days
from pathways.outcomes.entrypoints.auth import read_access, within_caseload
from pathways.outcomes.entrypoints.dashboard import drill_down
from pathways.outcomes.entrypoints.page_people import people_page
from pathways.outcomes.service_layer import people_queries as pq
from pathways.outcomes.service_layer.queries import SummaryQuery
from pathways.platform.inputs import Day
from pathways.platform.security import Principal

router = APIRouter(prefix="/outcomes", tags=["outcomes"])
STATUS = Query(None, max_length=40, description="only rows that count this way (see labels)")


async def _people(
    request: Request, principal: Principal, figure: Figure, query: SummaryQuery,
    status: str | None,
) -> list[PersonRow]:  # fmt: skip
    await within_caseload(request, principal, query.prison_code, f"GET /outcomes/{figure}")
    async with request.app.state.runtime.new_uow() as uow:
        return await pq.people_behind(figure, query, status, principal.subject, uow,
                                      range_days(request))  # fmt: skip


@router.get("/figures/{figure}/people", response_model=list[PersonRow])
async def get_people(
    request: Request,
    figure: Figure,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    status: str | None = STATUS,
    principal: Principal = Depends(read_access),
) -> list[PersonRow]:
    """The rows behind a headline figure (person id, day, how it counts, follow-up kind and
    owner where it has them), each person audited; a prison in the caseload, unless
    national."""
    return await _people(request, principal, figure, SummaryQuery(prison_code, start, end),
                         status)  # fmt: skip


@router.get("/figures/{figure}", response_class=HTMLResponse, tags=["dashboard"])
async def figure_page(
    request: Request,
    figure: Figure,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    status: str | None = STATUS,
) -> HTMLResponse:
    """The drill-down page behind a dashboard figure."""
    query = SummaryQuery(prison_code, start, end)
    return await drill_down(
        request,
        lambda reader: _people(request, reader, figure, query, status),
        lambda rows: people_page(figure, rows, prison_code, status),
    )


@router.get("/followups/workers", response_model=list[WorkerFollowUps])
async def get_workers(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    principal: Principal = Depends(read_access),
) -> list[WorkerFollowUps]:
    """Family follow-ups due and overdue per worker (owner: a staff id), as of the range end
    or today if earlier: due = due date reached, not completed or cancelled; overdue = of
    those, due before that day. A prison in the caseload, unless national."""
    await within_caseload(request, principal, prison_code, "GET /outcomes/followups/workers")
    async with request.app.state.runtime.new_uow() as uow:
        return await pq.workers(SummaryQuery(prison_code, start, end), uow, range_days(request))
