"""Events published by placements on `pathways.placements` (contract.md)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import Field

from pathways.contracts.envelope import EventData


class ReferralTrigger(StrEnum):
    RELEASE = "release"
    ROTL = "rotl"
    MANUAL = "manual"


class OutcomeStatus(StrEnum):
    EMPLOYED = "employed"
    EDUCATION = "education"
    VOLUNTEERING = "volunteering"
    NONE = "none"


class ReferralCreated(EventData):
    """A placement referral opened. Automatic ones: `release` once per release of a qualified
    mentor (a release after a recall opens its own), `rotl` once per custody period."""

    event_type = "placements.referral.created.v1"
    referral_id: UUID
    person_id: UUID
    trigger: ReferralTrigger


class PlacementStarted(EventData):
    event_type = "placements.placement.started.v1"
    placement_id: UUID
    person_id: UUID
    provider_id: UUID
    starts_on: date
    on_rotl: bool


class PlacementEnded(EventData):
    """A placement ended. A reception after the release (a recall) ends an active placement
    with outcome `recalled`."""

    event_type = "placements.placement.ended.v1"
    placement_id: UUID
    person_id: UUID
    outcome: str = Field(
        description="completed | withdrawn | recalled | other (a string: new outcomes may be added)"
    )
    hours: float = Field(ge=0)


class OutcomeRecorded(EventData):
    """An employment / education outcome 6 or 26 weeks after a release."""

    event_type = "placements.outcome.recorded.v1"
    person_id: UUID
    weeks_after_release: Literal[6, 26]
    status: OutcomeStatus
    released_at: datetime | None = Field(
        default=None,
        description="The release the outcome follows (each release has its own 6 and 26 week "
        "outcomes); absent on events published before it was added",
    )


EVENTS: tuple[type[EventData], ...] = (
    ReferralCreated,
    PlacementStarted,
    PlacementEnded,
    OutcomeRecorded,
)
