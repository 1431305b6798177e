"""Read-side queries: a summary for a prison and range; the read model's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.figures import summary_of
from pathways.outcomes.domain.ledger import LEDGER_VERSION
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.summary import summarise
from pathways.outcomes.service_layer.unit_of_work import OutcomesWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput

MAX_RANGE_DAYS = 366 * 30


@dataclass(frozen=True)
class SummaryQuery:
    prison_code: str | None
    start: date | None
    end: date | None


def today() -> date:
    return clock.today()


def period_for(query: SummaryQuery, default_days: int) -> Period:
    """The range asked for: `to` defaults to today, `from` to `default_days` before `to`."""
    now = today()
    end = query.end or now
    start = query.start or end - timedelta(days=default_days - 1)
    if start > end:
        raise InvalidInput(
            f"from ({start.isoformat()}) must be on or before to ({end.isoformat()})",
            code="invalid_range",
        )
    if (end - start).days > MAX_RANGE_DAYS:
        raise InvalidInput("the range may span at most 30 years", code="invalid_range")
    return Period(query.prison_code, start, end, now)


async def aggregated(uow: OutcomesWork) -> bool:
    """Whether the aggregates are built (else the figures are computed from the facts)."""
    return (await uow.state.get()).aggregates_version == LEDGER_VERSION


async def summary_for(period: Period, uow: OutcomesWork) -> Summary:
    """A few indexed reads of the aggregates; the scan of the facts until they are built."""
    if await aggregated(uow):
        return summary_of(await uow.aggregates.totals(period), period)
    return summarise(await uow.facts.load(period.prison_code), period)


async def summary(query: SummaryQuery, uow: OutcomesWork, default_days: int) -> Summary:
    return await summary_for(period_for(query, default_days), uow)
