"""The people behind a figure (personal: each listed person audited; the route checks role
and caseload) and the follow-ups due and overdue per worker (counts, no person)."""

from __future__ import annotations

from pathways.outcomes.domain.drill import DRILLS, Figure, rows_of
from pathways.outcomes.domain.figures import workers_of
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.workers import WorkerFollowUps, per_worker
from pathways.outcomes.service_layer.queries import SummaryQuery, aggregated, period_for
from pathways.outcomes.service_layer.unit_of_work import OutcomesWork
from pathways.platform.errors import InvalidInput


def check_status(figure: Figure, status: str | None) -> None:
    known = DRILLS[figure].labels
    if status is not None and status not in known:
        raise InvalidInput(
            f"unknown status {status!r} for {figure.value}; expected one of {', '.join(known)}",
            code="unknown_status",
        )


async def people_behind(
    figure: Figure,
    query: SummaryQuery,
    status: str | None,
    actor: str,
    uow: OutcomesWork,
    default_days: int,
) -> list[PersonRow]:
    """The rows behind the figure (one status, or all); each person audited once."""
    check_status(figure, status)
    period = period_for(query, default_days)
    rows = rows_of(figure, Scope.of(await uow.facts.load(query.prison_code), period), status)
    for person in sorted({r.person_id for r in rows}, key=str):
        await uow.audit(actor, "list", figure.value, person)
    await uow.commit()
    return rows


async def workers(
    query: SummaryQuery, uow: OutcomesWork, default_days: int
) -> list[WorkerFollowUps]:
    period = period_for(query, default_days)
    if await aggregated(uow):
        return workers_of(await uow.aggregates.workers(period))
    return per_worker(Scope.of(await uow.facts.load(query.prison_code), period))
