"""Read-side queries for a manager (issue 16): monthly trends, the prisons side by side, and
the releases behind the continuity-of-care figure (personal: audited, caseload-checked by
the route)."""

from __future__ import annotations

from pathways.outcomes.domain.continuity import ReleaseClass, ReleaseOutcome, release_outcomes
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.trends import (
    Month,
    PrisonRow,
    Trends,
    by_prison,
    headline,
    monthly,
    months_of,
)
from pathways.outcomes.service_layer.queries import (
    SummaryQuery,
    aggregated,
    period_for,
    summary_for,
)
from pathways.outcomes.service_layer.unit_of_work import OutcomesWork

RESOURCE = "continuity_of_care"


async def trends(query: SummaryQuery, uow: OutcomesWork, default_days: int) -> Trends:
    period = period_for(query, default_days)
    if not await aggregated(uow):
        return monthly(await uow.facts.load(query.prison_code), period)
    trends = Trends(period.prison_code)
    for start, end in months_of(period):
        month = Period(period.prison_code, start, end, period.today, period.zone)
        figures = headline(await summary_for(month, uow))
        trends.months.append(Month(start.strftime("%Y-%m"), start, end, figures))
    return trends


async def prisons(query: SummaryQuery, uow: OutcomesWork, default_days: int) -> list[PrisonRow]:
    period = period_for(SummaryQuery(None, query.start, query.end), default_days)
    return by_prison(await uow.facts.load(None), period)


async def releases(
    query: SummaryQuery,
    status: ReleaseClass | None,
    actor: str,
    uow: OutcomesWork,
    default_days: int,
) -> tuple[Period, list[ReleaseOutcome]]:
    """The releases behind the figure (one status, or all), each audited as listed."""
    period = period_for(query, default_days)
    rows = release_outcomes(Scope.of(await uow.facts.load(query.prison_code), period))
    rows = [r for r in rows if status is None or r.status is status]
    rows.sort(key=lambda r: (r.released_on, str(r.person_id)))
    for row in rows:
        await uow.audit(actor, "list", RESOURCE, row.person_id)
    await uow.commit()
    return period, rows
