"""Custody state: status, release plans, temporary absences (ROTL) and a snapshot for the feed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pathways.platform.errors import Conflict, InvalidInput

from .values import SecurityCategory


class CustodyStatus(StrEnum):
    """Where the person is. A transfer only changes the prison, not the status."""

    IN_CUSTODY = "in_custody"
    ON_TEMPORARY_ABSENCE = "on_temporary_absence"
    RELEASED = "released"


class ReleaseType(StrEnum):
    """How a person is released."""

    CONDITIONAL_RELEASE = "conditional_release"
    END_OF_SENTENCE = "end_of_sentence"
    PAROLE = "parole"
    HOME_DETENTION_CURFEW = "home_detention_curfew"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """The expected release date and type."""

    expected_on: date
    release_type: ReleaseType


class TemporaryAbsenceKind(StrEnum):
    """Release on temporary licence (ROTL) kinds."""

    ROTL_DAY = "rotl_day"  # resettlement day release
    ROTL_OVERNIGHT = "rotl_overnight"  # resettlement overnight release
    CHILDCARE = "childcare"  # childcare resettlement leave
    SPECIAL_PURPOSE = "special_purpose"  # e.g. compassionate, medical

    @property
    def needs_open_conditions(self) -> bool:
        """Resettlement and childcare leave need open conditions; special purpose does not."""
        return self is not TemporaryAbsenceKind.SPECIAL_PURPOSE


def check_rotl_allowed(kind: TemporaryAbsenceKind, category: SecurityCategory | None) -> None:
    """Category A gets no ROTL at all; resettlement/childcare ROTL needs an open category."""
    if category is not None and category.is_category_a:
        raise Conflict(
            f"category {category} people are not eligible for ROTL ({kind})",
            code="rotl_not_allowed_for_category",
        )
    if kind.needs_open_conditions and (category is None or not category.is_open):
        shown = category.value if category else "unknown"
        raise Conflict(
            f"{kind} needs open conditions (category D); the person's category is {shown}",
            code="rotl_not_allowed_for_category",
        )


@dataclass(frozen=True, slots=True)
class TemporaryAbsence:
    """One temporary absence. `ends_at` is the planned return; `ended_at` the actual one."""

    absence_id: uuid.UUID
    kind: TemporaryAbsenceKind
    starts_at: datetime
    ends_at: datetime
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.ends_at <= self.starts_at:
            raise InvalidInput(
                f"temporary absence ends_at {self.ends_at.isoformat()} must be after "
                f"starts_at {self.starts_at.isoformat()}",
                code="absence_ends_before_start",
            )
        if self.ended_at is not None and self.ended_at < self.starts_at:
            raise InvalidInput(
                f"temporary absence ended_at {self.ended_at.isoformat()} is before "
                f"starts_at {self.starts_at.isoformat()}",
                code="absence_ended_before_start",
            )

    @property
    def is_open(self) -> bool:
        """True while the person has not come back."""
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class CustodySnapshot:
    """What the feed translator needs to know about a person (see feed.decide)."""

    status: CustodyStatus
    prison_code: str
    last_movement_at: datetime
    open_absence_id: uuid.UUID | None = None
