"""Outcomes 6 and 26 weeks after release, and the list of outcomes falling due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from pathways.placements.domain import (
    DueOutcome,
    OutcomeRecord,
    OutcomeStatus,
    PersonState,
    WeekMark,
    outcomes_falling_due,
)
from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.clock import today


@dataclass(frozen=True)
class RecordOutcome:
    person_id: UUID
    weeks_after_release: int
    status: OutcomeStatus
    by: str


async def record_outcome(cmd: RecordOutcome, uow: PlacementsUnitOfWork) -> OutcomeRecord:
    """Refused (nothing changed) before the release, before the week mark, or twice."""
    person = await uow.people.get(cmd.person_id) or PersonState(cmd.person_id)
    log = await uow.outcomes.log_for(cmd.person_id)
    record = log.record(person, cmd.weeks_after_release, cmd.status, today(), cmd.by)
    await uow.outcomes.add(record)
    publish(uow, log.events)
    await uow.commit_audited(cmd.by, "create", "outcome", cmd.person_id)
    return record


async def outcomes_due(
    uow: PlacementsUnitOfWork,
    on: date | None,
    limit: int,
    offset: int,
    by: str,
    prisons: frozenset[str] | None = None,
) -> tuple[list[DueOutcome], int]:
    """Outcomes due by `on` (default today) and not recorded, earliest first; one page."""
    day = on or today()
    # A release on or before this moment has reached its first (6-week) mark by `day`
    # (one day of slack for the prisons' timezone; the domain decides exactly).
    latest = datetime.combine(day, time.max, UTC) - timedelta(weeks=int(WeekMark.WEEK_6))
    people = await uow.people.qualified_released_before(latest + timedelta(days=1))
    if prisons is not None:  # the caller's caseload: released from one of its prisons
        people = [p for p in people if p.prison_code in prisons]
    recorded = await uow.outcomes.recorded_for(p.person_id for p in people)
    due = outcomes_falling_due(people, recorded, day)
    page = due[offset : offset + limit]
    for person_id in dict.fromkeys(d.person_id for d in page):
        await uow.audit(by, "read", "outcome:due", person_id)
    await uow.commit()
    return page, len(due)
