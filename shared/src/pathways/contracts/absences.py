"""Temporary absences (ROTL and others), published by intake on `pathways.intake` beside its
other events (importable from `pathways.contracts.intake` too)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from pathways.contracts.envelope import EventData

PRISON_CODE = r"^[A-Z]{3}$"


class TemporaryAbsenceKind(StrEnum):
    ROTL_DAY = "rotl_day"
    ROTL_OVERNIGHT = "rotl_overnight"
    CHILDCARE = "childcare"
    SPECIAL_PURPOSE = "special_purpose"


ROTL_KINDS = frozenset({TemporaryAbsenceKind.ROTL_DAY, TemporaryAbsenceKind.ROTL_OVERNIGHT})


class _TemporaryAbsence(EventData):
    person_id: UUID
    absence_id: UUID
    kind: TemporaryAbsenceKind
    starts_at: datetime
    ends_at: datetime
    prison_code: str | None = Field(default=None, pattern=PRISON_CODE)


class TemporaryAbsenceStarted(_TemporaryAbsence):
    """Out on ROTL (or another absence) within the same custody period; never a release."""

    event_type = "intake.temporary_absence.started.v1"


class TemporaryAbsenceEnded(_TemporaryAbsence):
    """Back from the absence, still in the same custody period."""

    event_type = "intake.temporary_absence.ended.v1"
