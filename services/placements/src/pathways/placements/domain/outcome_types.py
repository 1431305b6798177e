"""Outcome vocabulary: what a person was doing 6 and 26 weeks after release."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class OutcomeStatus(StrEnum):
    EMPLOYED = "employed"
    EDUCATION = "education"
    VOLUNTEERING = "volunteering"
    NONE = "none"


class WeekMark(IntEnum):
    """The follow-up points after release (26 weeks is roughly six months)."""

    WEEK_6 = 6
    WEEK_26 = 26
