"""Transfers to open conditions, days clean, and programme contact within 21 days of release
(the programme's own reach after release; the national measure is in continuity.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from uuid import UUID

from pathways.contracts import family, intake, mentoring, placements
from pathways.outcomes.domain.custody import OPEN_PRISONS, is_open_category
from pathways.outcomes.domain.facts import of_type, percent
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.results import (
    DaysCleanFigures,
    OpenConditionsFigures,
    ProgrammeContactFigures,
)
from pathways.outcomes.domain.scope import Scope

CONTACT_DAYS = 21
CONTACT_FOLLOWUPS = frozenset(
    {family.FollowUpKind.RELEASE_DAY_CONTACT, family.FollowUpKind.DAY_7_CHECK}
)
# Follow-up outcomes that mean the person was reached (family's ContactOutcome values);
# no_answer, did_not_attend, family_declined and referred_on do not.
REACHED = frozenset({"contact_made", "meeting_held"})


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


def _contacts(scope: Scope) -> dict[UUID, list[tuple[datetime, date]]]:
    """Person → (when recorded, day of contact) of every contact that reached the person: a
    release-day or day-7 follow-up completed with a reached outcome, a placement started."""
    contacts: dict[UUID, list[tuple[datetime, date]]] = defaultdict(list)
    for fact, done in of_type(scope.facts, family.FollowUpCompleted, "task_id"):
        if done.kind in CONTACT_FOLLOWUPS and done.outcome in REACHED:
            contacts[done.person_id].append((fact.occurred_at, done.completed_on))
    for fact, started in of_type(scope.facts, placements.PlacementStarted, "placement_id"):
        contacts[started.person_id].append((fact.occurred_at, started.starts_on))
    return contacts


def programme_contact_rows(scope: Scope) -> list[PersonRow]:
    """Per release in range (a person released, recalled and released again: two rows):
    `contacted` when a contact falls within 21 days of that release and before the next
    reception; else `still_in_window` (not recalled, window open) or `not_contacted`."""
    releases: dict[UUID, dict[datetime, str]] = defaultdict(dict)
    for _, data in of_type(scope.facts, intake.PersonReleased):
        releases[data.person_id].setdefault(data.released_at, data.prison_code)
    receptions: dict[UUID, list[datetime]] = defaultdict(list)
    for _, received in of_type(scope.facts, intake.PersonReceived):
        receptions[received.person_id].append(received.received_at)
    contacts, wanted = _contacts(scope), scope.period.prison_code
    rows = []
    for person, released in releases.items():
        for released_at, prison in released.items():
            if not scope.in_range(released_at) or wanted not in (None, prison):
                continue
            day = scope.day(released_at)
            last = day + timedelta(days=CONTACT_DAYS)
            back = min((r for r in receptions[person] if r > released_at), default=None)
            if any(
                released_at <= at and (back is None or at < back) and day <= on <= last
                for at, on in contacts[person]
            ):
                status = "contacted"
            elif back is None and last >= scope.period.today:
                status = "still_in_window"
            else:
                status = "not_contacted"
            rows.append(PersonRow(person, day, status))
    return sorted(rows, key=PersonRow.order)


def programme_contact_figures(scope: Scope) -> ProgrammeContactFigures:
    rows = programme_contact_rows(scope)
    figures = ProgrammeContactFigures(
        released=len(rows),
        contacted=sum(r.status == "contacted" for r in rows),
        still_in_window=sum(r.status == "still_in_window" for r in rows),
    )
    figures.percent = percent(figures.contacted, figures.released)
    return figures
