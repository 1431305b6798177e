"""Continuity of care (issue 16), the national measure: of the releases of people with a
treatment need, the share whose person first attended community treatment within 21 days
of the release (day 0 is the release day, day 21 the last that counts).

A treatment need: the person was referred to the programme (every referral names at least
one substance). Each release is classed once, per the handover facts intake publishes:
engaged; not_engaged (a did-not-attend, a refusal, a first attendance after day 21, or back
in custody first); not_referred (never handed over to a provider); unknown (handed over, but
no outcome recorded by the end of the window); not_yet_due (the window is still open, no
attendance yet). Releases are counted, not people (a person released twice counts twice)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from pathways.contracts import intake, treatment
from pathways.outcomes.domain.facts import of_type, percent
from pathways.outcomes.domain.results import ContinuityFigures
from pathways.outcomes.domain.scope import Scope

WINDOW_DAYS = 21


class ReleaseClass(StrEnum):
    ENGAGED = "engaged"
    NOT_ENGAGED = "not_engaged"
    NOT_REFERRED = "not_referred"
    UNKNOWN = "unknown"
    NOT_YET_DUE = "not_yet_due"
    NO_NEED = "no_need"


LABELS: dict[ReleaseClass, str] = {
    ReleaseClass.ENGAGED: "Engaged within 21 days",
    ReleaseClass.NOT_ENGAGED: "Did not attend, declined or attended late",
    ReleaseClass.NOT_REFERRED: "Never referred to a provider",
    ReleaseClass.UNKNOWN: "Referred, outcome not recorded",
    ReleaseClass.NOT_YET_DUE: "Still within the 21 days",
    ReleaseClass.NO_NEED: "No treatment need (outside the measure)",
}


@dataclass(frozen=True)
class ReleaseOutcome:
    """One release and how it counts (the rows behind the figure)."""

    person_id: UUID
    prison_code: str
    released_on: date
    status: ReleaseClass
    attended_on: date | None  # the first attendance after this release, if any


@dataclass
class _Handover:
    referred_on: date
    attended_on: date | None = None
    outcome_known: bool = False


def _handovers(scope: Scope) -> dict[UUID, dict[UUID, _Handover]]:
    """person → handover id → what the facts say (the newest referral's date)."""
    found: dict[UUID, dict[UUID, _Handover]] = defaultdict(dict)
    for _, d in of_type(scope.facts, treatment.CommunityTreatmentReferred):
        known = found[d.person_id].get(d.handover_id)
        if known is None:
            found[d.person_id][d.handover_id] = _Handover(d.referred_on)
        else:
            known.referred_on = d.referred_on
    for _, d in of_type(scope.facts, treatment.CommunityTreatmentEngaged):
        h = found[d.person_id].setdefault(d.handover_id, _Handover(d.attended_on))
        h.attended_on = min(h.attended_on or d.attended_on, d.attended_on)
        h.outcome_known = True
    for _, d in of_type(scope.facts, treatment.CommunityTreatmentNotEngaged):
        found[d.person_id].setdefault(d.handover_id, _Handover(d.recorded_on)).outcome_known = True
    return found


def release_outcomes(scope: Scope) -> list[ReleaseOutcome]:
    """Every release in range (from the asked prison), classed."""
    need = {d.person_id for _, d in of_type(scope.facts, intake.PersonReferred)}
    releases: dict[UUID, dict[date, str]] = defaultdict(dict)
    for _, d in of_type(scope.facts, intake.PersonReleased):
        if scope.in_range(d.released_at):
            releases[d.person_id].setdefault(scope.day(d.released_at), d.prison_code)
    receptions: dict[UUID, list[date]] = defaultdict(list)
    for _, d in of_type(scope.facts, intake.PersonReceived):
        receptions[d.person_id].append(scope.day(d.received_at))
    all_days: dict[UUID, list[date]] = defaultdict(list)
    for _, d in of_type(scope.facts, intake.PersonReleased):
        all_days[d.person_id].append(scope.day(d.released_at))
    handovers, wanted, today = _handovers(scope), scope.period.prison_code, scope.period.today
    out = []
    for person, days in releases.items():
        for day, prison in sorted(days.items()):
            if wanted not in (None, prison):
                continue
            earlier = max((r for r in all_days[person] if r < day), default=date.min)
            back = min((r for r in receptions[person] if r > day), default=None)
            ours = [
                h
                for h in handovers.get(person, {}).values()
                if earlier < h.referred_on and (back is None or h.referred_on < back)
            ]
            status, attended = _classify(person in need, day, back, ours, today)
            out.append(ReleaseOutcome(person, prison, day, status, attended))
    return out


def _classify(
    need: bool, day: date, back: date | None, ours: list[_Handover], today: date
) -> tuple[ReleaseClass, date | None]:
    attended = min(
        (h.attended_on for h in ours if h.attended_on and h.attended_on >= day), default=None
    )
    if attended is not None and back is not None and attended >= back:
        attended = None  # attended only after being back in custody: not this release
    last = day + timedelta(days=WINDOW_DAYS)
    if not need:
        return ReleaseClass.NO_NEED, attended
    if attended is not None and attended <= last:
        return ReleaseClass.ENGAGED, attended
    if back is None and today <= last and attended is None:
        return ReleaseClass.NOT_YET_DUE, None
    if attended is not None or back is not None or any(h.outcome_known for h in ours):
        return ReleaseClass.NOT_ENGAGED, attended
    return (ReleaseClass.UNKNOWN if ours else ReleaseClass.NOT_REFERRED), None


def continuity_figures(scope: Scope) -> ContinuityFigures:
    rows = release_outcomes(scope)
    counts = {c: sum(r.status is c for r in rows) for c in ReleaseClass}
    figures = ContinuityFigures(
        released_with_need=len(rows) - counts[ReleaseClass.NO_NEED],
        released_without_need=counts[ReleaseClass.NO_NEED],
        engaged=counts[ReleaseClass.ENGAGED],
        not_engaged=counts[ReleaseClass.NOT_ENGAGED],
        not_referred=counts[ReleaseClass.NOT_REFERRED],
        unknown=counts[ReleaseClass.UNKNOWN],
        not_yet_due=counts[ReleaseClass.NOT_YET_DUE],
    )
    figures.due = figures.released_with_need - figures.not_yet_due
    figures.percent = percent(figures.engaged, figures.due)
    return figures
