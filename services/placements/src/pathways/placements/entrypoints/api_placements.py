"""Routes: placements (start, hours, end) and outcomes after release."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Query

from pathways.placements.entrypoints.deps import Limit, Offset, Reader, Uow, Writer
from pathways.placements.entrypoints.schemas_catalogue import Page
from pathways.placements.entrypoints.schemas_placements import (
    DueOut,
    EndIn,
    HoursIn,
    OutcomeIn,
    OutcomeOut,
    PlacementOut,
    StartIn,
)
from pathways.placements.service_layer import outcomes
from pathways.placements.service_layer import placements as svc
from pathways.platform.caseload import visible_prisons

router = APIRouter()


@router.post("/placements", status_code=201, response_model=PlacementOut, tags=["placements"])
async def start_placement(body: StartIn, principal: Writer, uow: Uow) -> PlacementOut:
    """Start the referral's accepted offer. Refused (409) without an approved risk assessment
    or the disclosure check the role needs, for a person in custody and not on ROTL, or when
    the opportunity is full or closed."""
    cmd = svc.StartPlacement(
        body.referral_id, body.opportunity_id, body.starts_on, principal.subject
    )
    return PlacementOut.of(await svc.start(cmd, uow))


@router.get("/placements/{placement_id}", response_model=PlacementOut, tags=["placements"])
async def get_placement(placement_id: UUID, principal: Reader, uow: Uow) -> PlacementOut:
    return PlacementOut.of(await svc.get(placement_id, uow, principal.subject))


@router.post("/placements/{placement_id}/hours", response_model=PlacementOut, tags=["placements"])
async def log_hours(placement_id: UUID, body: HoursIn, principal: Writer, uow: Uow) -> PlacementOut:
    """Log hours worked on a day (more than 0; at most 16 in a day in total)."""
    cmd = svc.LogHours(placement_id, body.worked_on, body.hours, principal.subject)
    return PlacementOut.of(await svc.log_hours(cmd, uow))


@router.post("/placements/{placement_id}/end", response_model=PlacementOut, tags=["placements"])
async def end_placement(
    placement_id: UUID, body: EndIn, principal: Writer, uow: Uow
) -> PlacementOut:
    """Complete or end the placement; frees the place and closes the referral."""
    cmd = svc.EndPlacement(
        placement_id, body.outcome, body.ended_on, body.reason, principal.subject
    )
    return PlacementOut.of(await svc.end(cmd, uow))


@router.post(
    "/people/{person_id}/outcomes", status_code=201, response_model=OutcomeOut, tags=["outcomes"]
)
async def record_outcome(
    person_id: UUID, body: OutcomeIn, principal: Writer, uow: Uow
) -> OutcomeOut:
    """Record what the person was doing 6 or 26 weeks after their latest release."""
    cmd = outcomes.RecordOutcome(
        person_id, body.weeks_after_release, body.status, principal.subject
    )
    return OutcomeOut.of(await outcomes.record_outcome(cmd, uow))


@router.get("/outcomes/due", response_model=Page[DueOut], tags=["outcomes"])
async def outcomes_due(
    principal: Reader,
    uow: Uow,
    on: date | None = Query(None, description="Due by this day (default: today)"),
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[DueOut]:
    """Outcomes due and not yet recorded for released qualified mentors, earliest first."""
    prisons = visible_prisons(principal, "placements")
    items, total = await outcomes.outcomes_due(uow, on, limit, offset, principal.subject, prisons)
    return Page(items=[DueOut.of(d) for d in items], total=total, limit=limit, offset=offset)
