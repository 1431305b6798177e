"""Events published by placements on `pathways.placements` (contract.md)."""

from __future__ import annotations

from datetime import date
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
    event_type = "placements.placement.ended.v1"
    placement_id: UUID
    person_id: UUID
    outcome: str
    hours: float = Field(ge=0)


class OutcomeRecorded(EventData):
    event_type = "placements.outcome.recorded.v1"
    person_id: UUID
    weeks_after_release: Literal[6, 26]
    status: OutcomeStatus


EVENTS: tuple[type[EventData], ...] = (
    ReferralCreated,
    PlacementStarted,
    PlacementEnded,
    OutcomeRecorded,
)
