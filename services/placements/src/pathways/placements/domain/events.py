"""Domain events of the placements service (references and minimum facts only).

The service layer maps them to the contract's `placements.referral.created.v1`,
`placements.placement.started.v1`, `placements.placement.ended.v1` and
`placements.outcome.recorded.v1`, or keeps them internal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pathways.placements.domain.outcome_types import OutcomeStatus
from pathways.placements.domain.placement_types import PlacementOutcome
from pathways.placements.domain.triggers import Trigger


@dataclass(frozen=True)
class ReferralCreated:
    referral_id: UUID
    person_id: UUID
    trigger: Trigger


@dataclass(frozen=True)
class OfferMade:
    referral_id: UUID
    person_id: UUID
    offer_id: UUID
    opportunity_id: UUID


@dataclass(frozen=True)
class OfferAccepted:
    referral_id: UUID
    person_id: UUID
    offer_id: UUID
    opportunity_id: UUID


@dataclass(frozen=True)
class OfferDeclined:
    referral_id: UUID
    person_id: UUID
    offer_id: UUID
    opportunity_id: UUID


@dataclass(frozen=True)
class ReferralClosed:
    referral_id: UUID
    person_id: UUID
    reason: str


@dataclass(frozen=True)
class PlacementStarted:
    placement_id: UUID
    person_id: UUID
    provider_id: UUID
    opportunity_id: UUID
    referral_id: UUID
    starts_on: date
    on_rotl: bool


@dataclass(frozen=True)
class HoursLogged:
    placement_id: UUID
    person_id: UUID
    worked_on: date
    hours: Decimal


@dataclass(frozen=True)
class PlacementEnded:
    placement_id: UUID
    person_id: UUID
    outcome: PlacementOutcome
    ended_on: date
    hours: Decimal  # total hours logged


@dataclass(frozen=True)
class OutcomeRecorded:
    person_id: UUID
    weeks_after_release: int
    status: OutcomeStatus
    released_at: datetime | None = None  # the release the outcome follows


PlacementsEvent = (
    ReferralCreated
    | OfferMade
    | OfferAccepted
    | OfferDeclined
    | ReferralClosed
    | PlacementStarted
    | HoursLogged
    | PlacementEnded
    | OutcomeRecorded
)
