"""People referred and supported, matches made and their length, sessions by kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pathways.contracts import intake
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import Fact, mean, of_type
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.results import MatchFigures, PeopleFigures, SessionFigures
from pathways.outcomes.domain.scope import Scope


def _referred_here(scope: Scope, fact: Fact, data: intake.PersonReferred) -> bool:
    wanted = scope.period.prison_code
    if wanted is None or data.prison_code is None:
        return scope.here(data.person_id, fact.occurred_at)
    return data.prison_code == wanted


def _referred_in_range(scope: Scope, fact: Fact, data: intake.PersonReferred) -> bool:
    """By the referral's own day when the event carries it, else when it was recorded."""
    if data.referred_on is not None:
        return scope.period.contains(data.referred_on)
    return scope.in_range(fact.occurred_at)


def referred_rows(scope: Scope) -> list[PersonRow]:
    """The people referred in the range (each once, on their first referral's day)."""
    first: dict[object, PersonRow] = {}
    for f, d in of_type(scope.facts, intake.PersonReferred):
        if _referred_in_range(scope, f, d) and _referred_here(scope, f, d):
            row = PersonRow(d.person_id, d.referred_on or scope.day(f.occurred_at), "referred")
            if d.person_id not in first or row.on < first[d.person_id].on:
                first[d.person_id] = row
    return sorted(first.values(), key=PersonRow.order)


def people_figures(scope: Scope) -> PeopleFigures:
    referred = {r.person_id for r in referred_rows(scope)}
    supported = {
        d.mentee_person_id
        for f, d in of_type(scope.facts, m.MatchMade, "match_id")
        if scope.in_range(f.occurred_at) and scope.here(d.mentee_person_id, f.occurred_at)
    }
    return PeopleFigures(referred=len(referred), supported=len(supported))


@dataclass(frozen=True)
class MatchSpan:
    """A match in the story's own time: the day it began and (if it has) the day it ended —
    the events' `made_on` / `ended_on` when they carry them, else their CloudEvent day."""

    mentee_person_id: UUID
    made_on: date
    ended_on: date | None


def match_spans(scope: Scope) -> list[MatchSpan]:
    """The matches of people who were in the asked prison when the match began."""
    ended = {
        d.match_id: d.ended_on or scope.day(f.occurred_at)
        for f, d in of_type(scope.facts, m.MatchEnded, "match_id")
    }
    spans = []
    for fact, made in of_type(scope.facts, m.MatchMade, "match_id"):
        made_on = made.made_on or scope.day(fact.occurred_at)
        if scope.here_on(made.mentee_person_id, made_on):
            end = ended.get(made.match_id)
            spans.append(MatchSpan(made.mentee_person_id, made_on, end and max(end, made_on)))
    return spans


def made_rows(scope: Scope) -> list[PersonRow]:
    """The mentees of the matches made in the range (a person matched twice: two rows)."""
    period = scope.period
    rows = [
        PersonRow(s.mentee_person_id, s.made_on,
                  "ended" if s.ended_on is not None and s.ended_on <= period.end else "open")
        for s in match_spans(scope)
        if period.contains(s.made_on)
    ]  # fmt: skip
    return sorted(rows, key=PersonRow.order)


def match_figures(scope: Scope) -> MatchFigures:
    period = scope.period
    figures = MatchFigures()
    ended_days: list[float] = []
    open_days: list[float] = []
    for span in match_spans(scope):
        figures.made += period.contains(span.made_on)
        if span.ended_on is not None and period.contains(span.ended_on):
            figures.ended += 1
            ended_days.append((span.ended_on - span.made_on).days)
        if span.made_on <= period.end and (span.ended_on is None or span.ended_on > period.end):
            figures.open += 1
            open_days.append((period.end - span.made_on).days)
    figures.mean_days_ended = mean(ended_days)
    figures.mean_days_open = mean(open_days)
    return figures


def session_figures(scope: Scope) -> SessionFigures:
    kinds = Counter(
        d.kind
        for _, d in of_type(scope.facts, m.SessionLogged, "session_id")
        if scope.period.contains(d.held_on) and scope.here_on(d.mentee_person_id, d.held_on)
    )
    return SessionFigures(total=sum(kinds.values()), by_kind=dict(sorted(kinds.items())))
