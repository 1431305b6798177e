"""Transfers to open conditions, days clean, and post-release engagement within 21 days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from uuid import UUID

from pathways.contracts import family, intake, mentoring, placements
from pathways.outcomes.domain.custody import OPEN_PRISONS, is_open_category
from pathways.outcomes.domain.facts import of_type, percent
from pathways.outcomes.domain.results import (
    DaysCleanFigures,
    EngagementFigures,
    OpenConditionsFigures,
)
from pathways.outcomes.domain.scope import Scope

ENGAGEMENT_DAYS = 21
ENGAGING_FOLLOWUPS = frozenset(
    {family.FollowUpKind.RELEASE_DAY_CONTACT, family.FollowUpKind.DAY_7_CHECK}
)


def moves_to_open_conditions(scope: Scope) -> dict[UUID, datetime]:
    """Person → first move to open conditions in the range, from the asked prison."""
    moves: dict[UUID, datetime] = {}
    wanted = scope.period.prison_code
    for fact, data in of_type(scope.facts, intake.PersonRecategorised):
        at = fact.occurred_at
        if (
            is_open_category(data.category)
            and scope.in_range(at)
            and scope.here(data.person_id, at)
        ):
            moves.setdefault(data.person_id, fact.occurred_at)
    for _, data in of_type(scope.facts, intake.PersonTransferred):
        opening = data.to_prison_code in OPEN_PRISONS and data.from_prison_code not in OPEN_PRISONS
        ours = wanted in (None, data.from_prison_code)
        if opening and ours and scope.in_range(data.transferred_at):
            at = data.transferred_at
            moves[data.person_id] = min(moves.get(data.person_id, at), at)
    return moves


def open_conditions_figures(scope: Scope) -> OpenConditionsFigures:
    moves = moves_to_open_conditions(scope)
    qualified = {
        d.person_id: d.awarded_on for _, d in of_type(scope.facts, mentoring.MentorQualified)
    }
    mentors = {p for p, at in moves.items() if p in qualified and qualified[p] <= scope.day(at)}
    on_rotl = {
        d.person_id
        for _, d in of_type(scope.facts, intake.TemporaryAbsenceStarted)
        if d.person_id in mentors
        and d.kind in intake.ROTL_KINDS
        and d.starts_at >= moves[d.person_id]
    }
    return OpenConditionsFigures(transfers=len(moves), mentors=len(mentors), on_rotl=len(on_rotl))


def days_clean_figures(scope: Scope) -> DaysCleanFigures:
    latest: dict[UUID, intake.PersonAssessed] = {}
    for _, data in of_type(scope.facts, intake.PersonAssessed, "assessment_id"):
        if data.assessed_on <= scope.period.end:
            known = latest.get(data.person_id)
            if known is None or data.assessed_on >= known.assessed_on:
                latest[data.person_id] = data
    figures = DaysCleanFigures()
    for person, assessment in latest.items():
        if not scope.here_on(person, assessment.assessed_on):
            continue
        figures.assessed += 1
        if assessment.clean_since is None or assessment.clean_since > scope.period.end:
            continue
        figures.with_clean_date += 1
        days = (scope.period.end - assessment.clean_since).days
        figures.at_least_30 += days >= 30
        figures.at_least_90 += days >= 90
        figures.at_least_180 += days >= 180
        figures.at_least_365 += days >= 365
    return figures


def engagement_figures(scope: Scope) -> EngagementFigures:
    releases: dict[UUID, list[date]] = defaultdict(list)
    wanted = scope.period.prison_code
    for _, data in of_type(scope.facts, intake.PersonReleased):
        if scope.in_range(data.released_at) and wanted in (None, data.prison_code):
            releases[data.person_id].append(scope.day(data.released_at))
    contacts: dict[UUID, list[date]] = defaultdict(list)
    for _, done in of_type(scope.facts, family.FollowUpCompleted, "task_id"):
        if done.kind in ENGAGING_FOLLOWUPS:
            contacts[done.person_id].append(done.completed_on)
    for _, started in of_type(scope.facts, placements.PlacementStarted, "placement_id"):
        contacts[started.person_id].append(started.starts_on)
    figures = EngagementFigures(released=len(releases))
    for person, days in releases.items():
        windows = [(day, day + timedelta(days=ENGAGEMENT_DAYS)) for day in days]
        if any(a <= c <= b for a, b in windows for c in contacts[person]):
            figures.engaged += 1
        elif max(b for _, b in windows) >= scope.period.today:
            figures.still_in_window += 1
    figures.percent = percent(figures.engaged, figures.released)
    return figures
