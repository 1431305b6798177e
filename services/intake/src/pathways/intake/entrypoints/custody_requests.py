"""Request bodies of the custody routes (custody_api.py): release plans, releases,
transfers, wing moves, recategorisation and temporary absences (ROTL)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from pathways.intake.domain.custody import ReleaseType, TemporaryAbsenceKind
from pathways.intake.entrypoints.requests import examples
from pathways.platform.inputs import BoundedText, Day, Moment, ShortText


class ReleasePlanIn(BaseModel):
    model_config = examples({"expected_on": "2027-03-14", "release_type": "conditional_release"})
    expected_on: Day
    release_type: ReleaseType


class ReleaseCancellationIn(BaseModel):
    model_config = examples({"reason": "parole_refused"})
    reason: str = Field(
        min_length=1,
        max_length=60,
        pattern=r"^[a-z_]+$",
        description="A code, not free text: e.g. parole_refused, recalled, new_charges",
    )


class ReleaseIn(BaseModel):
    model_config = examples(
        {
            "released_at": "2027-03-14T09:05:00+00:00",
            "release_type": "conditional_release",
            "destination_area": "Southwark",
        }
    )
    released_at: Moment
    release_type: ReleaseType | None = Field(default=None, description="Default: the plan's")
    destination_area: ShortText | None = Field(default=None, description="Local authority area")


class TransferIn(BaseModel):
    model_config = examples(
        {"to_prison_code": "HOI", "transferred_at": "2026-12-01T10:00:00+00:00", "wing": "A"}
    )
    to_prison_code: ShortText
    transferred_at: Moment
    wing: ShortText | None = None


class LocationIn(BaseModel):
    model_config = examples({"location": "B", "changed_at": "2026-12-01T10:00:00+00:00"})
    location: BoundedText(40, min_length=1) = Field(description="the wing or unit moved to")
    changed_at: Moment


class RecategorisationIn(BaseModel):
    model_config = examples({"category": "D"})
    category: ShortText = Field(description="A, A_HIGH, B, C, D, FEMALE_OPEN, YOI_OPEN …")


class TemporaryAbsenceIn(BaseModel):
    model_config = examples(
        {
            "kind": "rotl_day",
            "starts_at": "2026-12-02T08:00:00+00:00",
            "ends_at": "2026-12-02T18:00:00+00:00",
        }
    )
    kind: TemporaryAbsenceKind
    starts_at: Moment
    ends_at: Moment = Field(description="Planned return")
    absence_id: uuid.UUID | None = Field(default=None, description="Client id (idempotency)")


class AbsenceEndIn(BaseModel):
    model_config = examples({"ended_at": "2026-12-02T17:40:00+00:00"})
    ended_at: Moment = Field(description="Actual return")
