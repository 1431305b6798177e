"""Placements: start (capacity, eligibility), hours, end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from pathways.placements.domain import (
    Placement,
    PlacementOutcome,
    ReferralStatus,
    start_placement,
)
from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.clock import today
from pathways.platform.errors import Conflict, InvalidInput


@dataclass(frozen=True)
class StartPlacement:
    referral_id: UUID
    opportunity_id: UUID | None
    starts_on: date | None
    by: str


@dataclass(frozen=True)
class LogHours:
    placement_id: UUID
    worked_on: date
    hours: Decimal
    by: str


@dataclass(frozen=True)
class EndPlacement:
    placement_id: UUID
    outcome: PlacementOutcome
    ended_on: date | None
    reason: str | None
    by: str


async def start(cmd: StartPlacement, uow: PlacementsUnitOfWork) -> Placement:
    """Start from the referral's accepted offer; refused (nothing changed) unless eligible and
    a place is free. The place is taken by a guarded update, so racing starts cannot overfill."""
    referral = await uow.referrals.get(cmd.referral_id)
    offer = referral.accepted_offer
    if offer is None:
        raise Conflict(
            f"referral {referral.referral_id} has no accepted offer", code="no_accepted_offer"
        )
    if cmd.opportunity_id is not None and cmd.opportunity_id != offer.opportunity_id:
        raise InvalidInput(
            f"the accepted offer is for opportunity {offer.opportunity_id}, "
            f"not {cmd.opportunity_id}",
            code="opportunity_mismatch",
        )
    opportunity, taken = await uow.catalogue.get_opportunity(offer.opportunity_id)
    person = await uow.people.get_or_new(referral.person_id)
    now = today()
    placement = start_placement(referral, opportunity, person, taken, cmd.starts_on or now, now)
    if not await uow.catalogue.take_place(opportunity.opportunity_id):
        opportunity.ensure_space(opportunity.capacity)  # raises opportunity_full
    await uow.referrals.save(referral)
    await uow.placements.save(placement)
    publish(uow, referral.events, placement.events)
    await uow.commit_audited(cmd.by, "create", "placement", placement.person_id)
    return placement


async def log_hours(cmd: LogHours, uow: PlacementsUnitOfWork) -> Placement:
    placement = await uow.placements.get(cmd.placement_id)
    placement.log_hours(cmd.worked_on, cmd.hours, today())
    await uow.placements.save(placement)
    publish(uow, placement.events)
    await uow.commit_audited(cmd.by, "update", "placement:hours", placement.person_id)
    return placement


async def end(cmd: EndPlacement, uow: PlacementsUnitOfWork) -> Placement:
    """End (or complete) the placement, free its place and close the referral it came from."""
    placement = await uow.placements.get(cmd.placement_id)
    now = today()
    placement.end(cmd.outcome, cmd.ended_on or now, now, cmd.reason)
    await uow.catalogue.free_place(placement.opportunity_id)
    referral = await uow.referrals.get(placement.referral_id)
    if referral.status is not ReferralStatus.CLOSED:
        referral.close(f"placement {placement.outcome}")
    await uow.placements.save(placement)
    await uow.referrals.save(referral)
    publish(uow, placement.events, referral.events)
    await uow.commit_audited(cmd.by, "update", "placement:end", placement.person_id)
    return placement


async def get(placement_id: UUID, uow: PlacementsUnitOfWork, by: str) -> Placement:
    placement = await uow.placements.get(placement_id)
    await uow.commit_audited(by, "read", "placement", placement.person_id)
    return placement
