"""Figures a manager acts on (issue 16): the headline figures month by month, and the same
figures side by side for every prison. Each is the summary's own definition, asked for a
smaller range or another prison, so a trend and the summary never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.summary import summarise

MAX_MONTHS = 36


@dataclass(frozen=True)
class Headline:
    """The figures that headline the dashboard (plain-English labels in HEADLINES)."""

    continuity_percent: float | None
    continuity_due: int
    continuity_engaged: int
    programme_contact_percent: float | None
    people_referred: int
    matches_made: int
    mentors_qualified: int
    followups_on_time_percent: float | None
    placements_started: int


HEADLINES: dict[str, str] = {
    "continuity_percent": "Community treatment within 21 days of release (%)",
    "programme_contact_percent": "Programme contact within 21 days of release (%)",
    "people_referred": "People referred",
    "matches_made": "Mentor matches made",
    "mentors_qualified": "Mentors qualified",
    "followups_on_time_percent": "Family follow-ups done on time (%)",
    "placements_started": "Placements started",
}


def headline(s: Summary) -> Headline:
    return Headline(
        continuity_percent=s.continuity_of_care.percent,
        continuity_due=s.continuity_of_care.due,
        continuity_engaged=s.continuity_of_care.engaged,
        programme_contact_percent=s.programme_contact_21_days.percent,
        people_referred=s.people.referred,
        matches_made=s.matches.made,
        mentors_qualified=s.mentors.qualified,
        followups_on_time_percent=s.family.on_time_percent,
        placements_started=s.placements.started,
    )


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    start: date
    end: date
    figures: Headline


@dataclass
class Trends:
    prison_code: str | None
    months: list[Month] = field(default_factory=list)


def months_of(period: Period) -> list[tuple[date, date]]:
    """Calendar months overlapping the range, clipped to it (the latest MAX_MONTHS)."""
    out, at = [], period.start.replace(day=1)
    while at <= period.end:
        following = (at + timedelta(days=32)).replace(day=1)
        out.append((max(at, period.start), min(following - timedelta(days=1), period.end)))
        at = following
    return out[-MAX_MONTHS:]


def monthly(facts: Sequence[Fact], period: Period) -> Trends:
    trends = Trends(period.prison_code)
    for start, end in months_of(period):
        month = Period(period.prison_code, start, end, period.today, period.zone)
        summary = summarise(facts, month)
        trends.months.append(Month(start.strftime("%Y-%m"), start, end, headline(summary)))
    return trends


@dataclass(frozen=True)
class PrisonRow:
    prison_code: str
    figures: Headline


def prisons_named(facts: Sequence[Fact]) -> list[str]:
    return sorted({code for f in facts if (code := getattr(f.data, "prison_code", None))})


def by_prison(facts: Sequence[Fact], period: Period) -> list[PrisonRow]:
    """Every prison the facts name, with its headline figures for the range."""
    rows = []
    for code in prisons_named(facts):
        asked = Period(code, period.start, period.end, period.today, period.zone)
        rows.append(PrisonRow(code, headline(summarise(facts, asked))))
    return rows
