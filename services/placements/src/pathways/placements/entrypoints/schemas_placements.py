"""Request and response bodies: placements, hours and outcomes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.placements.domain import (
    DueOutcome,
    OutcomeRecord,
    OutcomeStatus,
    Placement,
    PlacementOutcome,
    PlacementStatus,
)
from pathways.platform.inputs import Day, Line, SmallInt


class StartIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"referral_id": "5a1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "starts_on": "2026-05-10"}
            ]
        }
    )
    referral_id: UUID
    opportunity_id: UUID | None = Field(
        None, description="Optional check: must be the opportunity of the accepted offer"
    )
    starts_on: Day | None = Field(None, description="Default: today")


class HoursIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"worked_on": "2026-05-12", "hours": "6.5"}]}
    )
    worked_on: Day
    hours: Decimal = Field(
        allow_inf_nan=False, ge=-1000, le=1000, description="More than 0, at most 16 in one day"
    )


class EndIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"outcome": "completed", "ended_on": "2026-08-01"}],
        }
    )
    outcome: PlacementOutcome
    ended_on: Day | None = Field(None, description="Default: today")
    reason: Line | None = Field(None, description="Needed for outcome `other`; a short reason")


class HoursOut(BaseModel):
    worked_on: date
    hours: Decimal


class PlacementOut(BaseModel):
    placement_id: UUID
    person_id: UUID
    referral_id: UUID
    opportunity_id: UUID
    provider_id: UUID
    starts_on: date
    on_rotl: bool
    status: PlacementStatus
    hours: list[HoursOut]
    total_hours: Decimal
    outcome: PlacementOutcome | None
    ended_on: date | None
    end_reason: str | None

    @classmethod
    def of(cls, p: Placement) -> PlacementOut:
        return cls(
            placement_id=p.placement_id,
            person_id=p.person_id,
            referral_id=p.referral_id,
            opportunity_id=p.opportunity_id,
            provider_id=p.provider_id,
            starts_on=p.starts_on,
            on_rotl=p.on_rotl,
            status=p.status,
            hours=[HoursOut(worked_on=h.worked_on, hours=h.hours) for h in p.hours],
            total_hours=p.total_hours,
            outcome=p.outcome,
            ended_on=p.ended_on,
            end_reason=p.end_reason,
        )


class OutcomeIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"weeks_after_release": 6, "status": "volunteering"}]}
    )
    weeks_after_release: SmallInt = Field(description="6 or 26")
    status: OutcomeStatus


class OutcomeOut(BaseModel):
    person_id: UUID
    weeks_after_release: Literal[6, 26]
    status: OutcomeStatus
    recorded_on: date

    @classmethod
    def of(cls, r: OutcomeRecord) -> OutcomeOut:
        return cls(
            person_id=r.person_id,
            weeks_after_release=int(r.weeks_after_release),  # type: ignore[arg-type]
            status=r.status,
            recorded_on=r.recorded_on,
        )


class DueOut(BaseModel):
    person_id: UUID
    weeks_after_release: int
    due_on: date

    @classmethod
    def of(cls, d: DueOutcome) -> DueOut:
        return cls(
            person_id=d.person_id, weeks_after_release=int(d.weeks_after_release), due_on=d.due_on
        )
