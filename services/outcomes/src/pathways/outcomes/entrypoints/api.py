"""The JSON and CSV API: summary, status, rebuild (role `reporting`; rebuild: write/admin)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request, Response, status

from pathways.outcomes.domain.results import Summary
from pathways.outcomes.entrypoints import operations
from pathways.outcomes.entrypoints.auth import read_access, rebuild_access
from pathways.outcomes.entrypoints.export import summary_csv
from pathways.outcomes.entrypoints.schemas import SUMMARY_EXAMPLE, RebuildStarted, Status
from pathways.outcomes.service_layer.queries import SummaryQuery, summary
from pathways.platform.inputs import Day
from pathways.platform.security import Principal

router = APIRouter(prefix="/outcomes", tags=["outcomes"])
PRISON = Query(None, pattern=r"^[A-Z]{3}$", description="three-letter prison code, e.g. BAI")
FROM = Query(None, alias="from", description="first day (inclusive); default: a year before to")
TO = Query(None, alias="to", description="last day (inclusive); default: today")


def range_days(request: Request) -> int:
    """How many days a range without a start covers (the service's setting)."""
    return int(request.app.state.runtime.settings.default_range_days)


async def load_summary(
    request: Request, prison_code: str | None, start: date | None, end: date | None
) -> Summary:
    runtime = request.app.state.runtime
    async with runtime.new_uow() as uow:
        return await summary(SummaryQuery(prison_code, start, end), uow, range_days(request))


@router.get(
    "/summary",
    response_model=Summary,
    responses={200: {"content": {"application/json": {"example": SUMMARY_EXAMPLE}}}},
)
async def get_summary(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    _: Principal = Depends(read_access),
) -> Summary:
    """The programme's figures for one prison (or all) and a date range; see the README for
    each figure's definition."""
    return await load_summary(request, prison_code, start, end)


@router.get("/summary.csv", response_class=Response)
async def get_summary_csv(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
    _: Principal = Depends(read_access),
) -> Response:
    """The same figures as CSV: a header `figure,value`, then one row per figure."""
    figures = await load_summary(request, prison_code, start, end)
    name = f"outcomes-{figures.prison_code or 'all'}-{figures.from_date}-{figures.to_date}.csv"
    return Response(
        summary_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/status", response_model=Status)
async def get_status(request: Request, _: Principal = Depends(read_access)) -> Status:
    """The read model: generation, events applied, newest event, rebuild progress."""
    return await operations.status(request.app.state.runtime)


@router.post("/rebuild", response_model=RebuildStarted, status_code=status.HTTP_202_ACCEPTED)
async def post_rebuild(
    request: Request, principal: Principal = Depends(rebuild_access)
) -> RebuildStarted:
    """Clear the read model and replay the four topics from the earliest offset under a new
    consumer group; follow progress at GET /outcomes/status."""
    return await operations.rebuild(request.app.state.runtime, principal.subject)
