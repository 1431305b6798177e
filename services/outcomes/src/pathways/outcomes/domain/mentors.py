"""Mentor figures: enrolled, in training, qualified (in range and ever), active and load.

Mentors are people: mentoring's events carry the person id beside the mentor id, and a
person enrolled again (after a transfer, a recall) is still one mentor with one training
history — the earliest qualification counts once, the latest status is the one in force."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import mean, of_type
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.results import MentorFigures
from pathways.outcomes.domain.scope import Scope


@dataclass
class MentorHistory:
    person_id: UUID
    enrolled_at: datetime | None = None
    enrolments: list[datetime] = field(default_factory=list)
    qualified_on: date | None = None
    first_module_at: datetime | None = None
    statuses: list[tuple[datetime, str]] = field(default_factory=list)

    def status_at(self, moment: datetime) -> str | None:
        known = [s for s in sorted(self.statuses) if s[0] <= moment]
        if known:
            return known[-1][1]
        if self.qualified_on is not None and self.qualified_on <= moment.date():
            return "qualified"
        if self.first_module_at is not None and self.first_module_at <= moment:
            return "in_training"
        return "candidate" if self.enrolled_at and self.enrolled_at <= moment else None


def mentor_histories(scope: Scope) -> dict[UUID, MentorHistory]:
    mentors: dict[UUID, MentorHistory] = {}
    for fact in scope.facts:
        data = fact.data
        if not isinstance(
            data,
            m.MentorEnrolled | m.MentorQualified | m.MentorModuleCompleted | m.MentorStatusChanged,
        ):
            continue
        history = mentors.setdefault(data.person_id, MentorHistory(data.person_id))
        if isinstance(data, m.MentorEnrolled):
            history.enrolled_at = min(filter(None, (history.enrolled_at, fact.occurred_at)))
            history.enrolments.append(fact.occurred_at)
        elif isinstance(data, m.MentorQualified):
            history.qualified_on = min(filter(None, (history.qualified_on, data.awarded_on)))
        elif isinstance(data, m.MentorModuleCompleted):
            history.first_module_at = min(filter(None, (history.first_module_at, fact.occurred_at)))
        else:
            history.statuses.append((fact.occurred_at, data.status))
    return mentors


def open_matches_by_mentor(scope: Scope, moment: datetime) -> Counter[UUID]:
    """Mentor person id → matches open at `moment`."""
    ended = {d.match_id: f.occurred_at for f, d in of_type(scope.facts, m.MatchEnded, "match_id")}
    return Counter(
        d.mentor_person_id
        for f, d in of_type(scope.facts, m.MatchMade, "match_id")
        if f.occurred_at <= moment and not (d.match_id in ended and ended[d.match_id] <= moment)
    )


def qualified_rows(scope: Scope) -> list[PersonRow]:
    """The mentors who first qualified in the range, at the asked prison."""
    rows = [
        PersonRow(person, h.qualified_on, "qualified")
        for person, h in mentor_histories(scope).items()
        if h.qualified_on and _qualified_here(scope, person, h.qualified_on)
        and scope.period.contains(h.qualified_on)
    ]  # fmt: skip
    return sorted(rows, key=PersonRow.order)


def _qualified_here(scope: Scope, person: UUID, qualified_on: date) -> bool:
    return qualified_on <= scope.period.end and scope.here_on(person, qualified_on)


def mentor_figures(scope: Scope) -> MentorFigures:
    end = scope.period.end_moment()
    figures = MentorFigures()
    load = open_matches_by_mentor(scope, end)
    loads: list[float] = []
    for person, history in mentor_histories(scope).items():
        figures.enrolled += any(
            scope.in_range(at) and scope.here(person, at) for at in history.enrolments
        )
        qualified_on = history.qualified_on
        if qualified_on and _qualified_here(scope, person, qualified_on):
            figures.qualified_since_programme_began += 1
            figures.qualified += scope.period.contains(qualified_on)
        status = history.status_at(end)
        if status in ("in_training", "active") and scope.here(person, end):
            if status == "in_training":
                figures.in_training += 1
            else:
                figures.active += 1
                loads.append(load[person])
    figures.open_matches_of_active = int(sum(loads))
    figures.load_mean = mean(loads)
    figures.load_max = int(max(loads, default=0))
    return figures
