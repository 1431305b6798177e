"""Placement vocabulary and the hours rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum

from pathways.platform.errors import InvalidInput

MAX_HOURS_PER_DAY = Decimal(16)  # more than this in a day is implausible for a volunteer


class PlacementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class PlacementOutcome(StrEnum):
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    RECALLED = "recalled"
    OTHER = "other"


def to_hours(value: Decimal | int | float | str) -> Decimal:
    """Hours as a Decimal to 2 places; refuses non-numbers, zero, negatives and > 16."""
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"hours must be a number, got {value!r}", code="invalid_hours") from None
    if not hours.is_finite() or hours <= 0:
        raise InvalidInput(f"hours must be more than 0, got {value}", code="hours_not_positive")
    if hours > MAX_HOURS_PER_DAY:
        raise InvalidInput(
            f"{hours} hours in one entry is implausible (at most {MAX_HOURS_PER_DAY} a day)",
            code="hours_implausible",
        )
    return hours
