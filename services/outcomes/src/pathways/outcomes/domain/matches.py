"""People referred and supported, matches made and their length, sessions by kind."""

from __future__ import annotations

from collections import Counter

from pathways.contracts import intake
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import Fact, mean, of_type
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


def people_figures(scope: Scope) -> PeopleFigures:
    referred = {
        d.person_id
        for f, d in of_type(scope.facts, intake.PersonReferred)
        if _referred_in_range(scope, f, d) and _referred_here(scope, f, d)
    }
    supported = {
        d.mentee_person_id
        for f, d in of_type(scope.facts, m.MatchMade, "match_id")
        if scope.in_range(f.occurred_at) and scope.here(d.mentee_person_id, f.occurred_at)
    }
    return PeopleFigures(referred=len(referred), supported=len(supported))


def match_figures(scope: Scope) -> MatchFigures:
    end = scope.period.end_moment()
    ended = {d.match_id: f.occurred_at for f, d in of_type(scope.facts, m.MatchEnded, "match_id")}
    figures = MatchFigures()
    ended_days: list[float] = []
    open_days: list[float] = []
    for fact, made in of_type(scope.facts, m.MatchMade, "match_id"):
        if not scope.here(made.mentee_person_id, fact.occurred_at):
            continue
        figures.made += scope.in_range(fact.occurred_at)
        ended_at = ended.get(made.match_id)
        if ended_at is not None and scope.in_range(ended_at):
            figures.ended += 1
            ended_days.append((scope.day(ended_at) - scope.day(fact.occurred_at)).days)
        if fact.occurred_at <= end and (ended_at is None or ended_at > end):
            figures.open += 1
            open_days.append((scope.period.end - scope.day(fact.occurred_at)).days)
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
