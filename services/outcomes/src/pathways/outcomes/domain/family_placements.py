"""Family cases and follow-ups on time; placement referrals, starts and completions."""

from __future__ import annotations

from collections import Counter

from pathways.contracts import family, placements
from pathways.outcomes.domain.facts import of_type, percent
from pathways.outcomes.domain.results import FamilyFigures, PlacementFigures
from pathways.outcomes.domain.scope import Scope


def family_figures(scope: Scope) -> FamilyFigures:
    period = scope.period
    figures = FamilyFigures()
    for fact, case in of_type(scope.facts, family.CaseOpened, "case_id"):
        figures.cases_opened += scope.in_range(fact.occurred_at) and scope.here(
            case.person_id, fact.occurred_at
        )
    completed = {
        d.task_id: d.completed_on
        for _, d in of_type(scope.facts, family.FollowUpCompleted, "task_id")
    }
    cancelled = {c.task_id for _, c in of_type(scope.facts, family.FollowUpCancelled)}  # never due
    redated = {r.task_id: r.due_on for _, r in of_type(scope.facts, family.FollowUpRescheduled)}
    for _, task in of_type(scope.facts, family.FollowUpScheduled, "task_id"):
        due_on = redated.get(task.task_id, task.due_on)  # the latest date wins
        if task.task_id in cancelled or not (
            period.contains(due_on) and scope.here_on(task.person_id, due_on)
        ):
            continue
        figures.followups_due += 1
        done = completed.get(task.task_id)
        if done is not None and done <= due_on:
            figures.on_time += 1
        elif done is not None and done <= period.end:
            figures.late += 1
        else:
            figures.outstanding += 1
    figures.on_time_percent = percent(figures.on_time, figures.followups_due)
    reasons: Counter[str] = Counter()
    for fact, gone in of_type(scope.facts, family.FollowUpCancelled, "task_id"):
        if scope.in_range(fact.occurred_at) and scope.here(gone.person_id, fact.occurred_at):
            reasons[gone.reason] += 1
    figures.cancelled = sum(reasons.values())
    figures.cancelled_by_reason = dict(sorted(reasons.items()))
    return figures


def placement_figures(scope: Scope) -> PlacementFigures:
    figures = PlacementFigures()
    triggers: Counter[str] = Counter()
    for fact, referral in of_type(scope.facts, placements.ReferralCreated, "referral_id"):
        if scope.in_range(fact.occurred_at) and scope.here(referral.person_id, fact.occurred_at):
            triggers[referral.trigger.value] += 1
    figures.referrals = sum(triggers.values())
    figures.referrals_by_trigger = dict(sorted(triggers.items()))
    for _, started in of_type(scope.facts, placements.PlacementStarted, "placement_id"):
        if scope.period.contains(started.starts_on) and scope.here_on(
            started.person_id, started.starts_on
        ):
            figures.started += 1
            figures.started_on_rotl += started.on_rotl
            figures.started_after_release += not started.on_rotl
    for fact, ended in of_type(scope.facts, placements.PlacementEnded, "placement_id"):
        if scope.in_range(fact.occurred_at) and scope.here(ended.person_id, fact.occurred_at):
            figures.ended += 1
            figures.completed += ended.outcome == "completed"
            figures.ended_recalled += ended.outcome == "recalled"
    return figures
