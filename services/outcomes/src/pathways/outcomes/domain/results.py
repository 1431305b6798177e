"""The figures of one summary (field names are the JSON API's; see the README)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NATIONAL_RATE_PERCENT = 41.0  # continuity of care: community treatment within 21 days
TARGET_PERCENT = 75.0
CLEAN_THRESHOLDS = (30, 90, 180, 365)


@dataclass
class MentorFigures:
    enrolled: int = 0
    in_training: int = 0
    qualified: int = 0
    qualified_since_programme_began: int = 0
    active: int = 0
    open_matches_of_active: int = 0
    load_mean: float | None = None
    load_max: int = 0


@dataclass
class PeopleFigures:
    referred: int = 0
    supported: int = 0


@dataclass
class MatchFigures:
    made: int = 0
    ended: int = 0
    mean_days_ended: float | None = None
    open: int = 0
    mean_days_open: float | None = None


@dataclass
class SessionFigures:
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class FamilyFigures:
    cases_opened: int = 0
    followups_due: int = 0
    on_time: int = 0
    late: int = 0
    outstanding: int = 0
    on_time_percent: float | None = None
    cancelled: int = 0  # open follow-ups cancelled in range (a recall, a cancelled release …)
    cancelled_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass
class PlacementFigures:
    referrals: int = 0
    referrals_by_trigger: dict[str, int] = field(default_factory=dict)
    started: int = 0
    started_on_rotl: int = 0
    started_after_release: int = 0
    ended: int = 0
    completed: int = 0
    ended_recalled: int = 0  # ended because the person was recalled to custody


@dataclass
class OpenConditionsFigures:
    transfers: int = 0
    mentors: int = 0
    on_rotl: int = 0


@dataclass
class DaysCleanFigures:
    assessed: int = 0
    with_clean_date: int = 0
    at_least_30: int = 0
    at_least_90: int = 0
    at_least_180: int = 0
    at_least_365: int = 0


@dataclass
class ProgrammeContactFigures:
    """The programme's own contact after release (not the national measure): a release-day
    or day-7 family follow-up that reached the person, or a placement started."""

    released: int = 0  # releases in range (a person released twice counts twice)
    contacted: int = 0
    percent: float | None = None
    still_in_window: int = 0


@dataclass
class ContinuityFigures:
    """Continuity of care (the national measure): releases of people with a treatment need
    whose person first attended community treatment within 21 days; see continuity.py."""

    released_with_need: int = 0  # the denominator before not_yet_due is set apart
    due: int = 0  # released_with_need - not_yet_due: what `percent` divides by
    engaged: int = 0
    not_engaged: int = 0  # did not attend, declined, attended late, or back in custody
    not_referred: int = 0  # never handed over to a provider (counts as not engaged)
    unknown: int = 0  # handed over, nothing recorded by day 21 (counts as not engaged)
    not_yet_due: int = 0  # still within the 21 days, no attendance yet
    released_without_need: int = 0  # outside the measure
    percent: float | None = None
    national_rate_percent: float = NATIONAL_RATE_PERCENT
    target_percent: float = TARGET_PERCENT


@dataclass
class Summary:
    prison_code: str | None
    from_date: date
    to_date: date
    mentors: MentorFigures
    people: PeopleFigures
    matches: MatchFigures
    sessions: SessionFigures
    family: FamilyFigures
    placements: PlacementFigures
    open_conditions: OpenConditionsFigures
    days_clean: DaysCleanFigures
    continuity_of_care: ContinuityFigures
    programme_contact_21_days: ProgrammeContactFigures
