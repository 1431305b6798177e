"""A person's LEVEL and WORKER entries: figures as of a day (the range end), as steps on the
days they change — a mentor in training or active (with their load of open matches), the
latest assessment's days clean, and each follow-up due (and overdue) for its owner."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from pathways.contracts import intake
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import end_of
from pathways.outcomes.domain.ledger import LEVEL, WORKER, Ledger, scopes
from pathways.outcomes.domain.ledger_person import PersonFacts, local_day
from pathways.outcomes.domain.mentors import mentor_histories
from pathways.outcomes.domain.results import CLEAN_THRESHOLDS
from pathways.outcomes.domain.workers import task_lives

State = Mapping[tuple[str, str], tuple[int, int]]


def mentor_levels(view: PersonFacts, ledger: Ledger) -> None:
    history = mentor_histories(view.scope).get(view.person)
    if history is None:
        return
    ended = {}
    for fact in view.mentored:
        if isinstance(fact.data, m.MatchEnded):
            ended.setdefault(fact.data.match_id, fact.occurred_at)
    made = {}
    for fact in view.mentored:
        if isinstance(fact.data, m.MatchMade):
            made.setdefault(fact.data.match_id, fact.occurred_at)
    days = [local_day(at) for at in (*history.enrolments, *(s for s, _ in history.statuses),
                                     *made.values(), *ended.values())]  # fmt: skip
    days += [d for d in (history.qualified_on,) if d] + view.move_days()
    if history.first_module_at:
        days.append(local_day(history.first_module_at))

    def state_at(day: date) -> State:
        moment = end_of(day)
        status = history.status_at(moment)
        if status == "in_training":
            metric = "m.training"
        elif status == "active":
            load = sum(
                1 for match, at in made.items()
                if at <= moment and (match not in ended or ended[match] > moment)
            )  # fmt: skip
            metric = f"m.load|{load}"
        else:
            return {}
        return {(scope, metric): (1, 0) for scope in scopes(view.prison_at(moment))}

    ledger.levels(LEVEL, days, state_at)


def clean_levels(view: PersonFacts, ledger: Ledger) -> None:
    assessments = [d for _, d in view.first_of(intake.PersonAssessed, "assessment_id")]
    if not assessments:
        return
    days = [a.assessed_on for a in assessments]
    for a in assessments:
        if a.clean_since is not None:
            days += [a.clean_since + timedelta(days=k) for k in (0, *CLEAN_THRESHOLDS)]

    def state_at(day: date) -> State:
        latest = None
        for a in assessments:
            if a.assessed_on <= day and (latest is None or a.assessed_on >= latest.assessed_on):
                latest = a
        if latest is None:
            return {}
        metrics = ["dc.assessed"]
        since = latest.clean_since
        if since is not None and since <= day:
            metrics.append("dc.clean")
            metrics += [f"dc.{k}" for k in CLEAN_THRESHOLDS if (day - since).days >= k]
        prison = view.prison_on(latest.assessed_on)
        return {(scope, metric): (1, 0) for scope in scopes(prison) for metric in metrics}

    ledger.levels(LEVEL, days, state_at)


def worker_levels(view: PersonFacts, ledger: Ledger) -> None:
    """Each follow-up is due for its (latest) owner from its due day until it is closed, and
    overdue from the day after its due day (workers.py)."""
    for life in task_lives(view.facts, local_day).values():
        due_on, until, who = life.due_on, life.closed_on, life.owner
        if until <= due_on:
            continue
        metric = "none" if who is None else f"o:{who}"
        for scope in scopes(view.prison_on(due_on)):
            ledger.add(WORKER, scope, metric, due_on, 1, 0)
            if until != date.max:
                ledger.add(WORKER, scope, metric, until, -1, 0)
            if until > due_on + timedelta(days=1):
                ledger.add(WORKER, scope, metric, due_on + timedelta(days=1), 0, 1)
                if until != date.max:
                    ledger.add(WORKER, scope, metric, until, 0, -1)


def level_entries(view: PersonFacts, ledger: Ledger) -> None:
    mentor_levels(view, ledger)
    clean_levels(view, ledger)
    worker_levels(view, ledger)
