"""Family cases and follow-ups on time; placement referrals, starts and completions."""

from __future__ import annotations

from collections import Counter

from pathways.contracts import family, placements
from pathways.outcomes.domain.facts import of_type, percent
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.results import FamilyFigures, PlacementFigures
from pathways.outcomes.domain.scope import Scope


def followup_rows(scope: Scope) -> list[PersonRow]:
    """The follow-ups due in the range (by their latest due date; cancelled ones are never
    due), each `on_time` (completed on or before the due date), `late` (later, by the range
    end) or `outstanding`."""
    period = scope.period
    completed = {
        d.task_id: d.completed_on
        for _, d in of_type(scope.facts, family.FollowUpCompleted, "task_id")
    }
    cancelled = {c.task_id for _, c in of_type(scope.facts, family.FollowUpCancelled)}  # never due
    redated = {r.task_id: r.due_on for _, r in of_type(scope.facts, family.FollowUpRescheduled)}
    rows = []
    for _, task in of_type(scope.facts, family.FollowUpScheduled, "task_id"):
        due_on = redated.get(task.task_id, task.due_on)  # the latest date wins
        if task.task_id in cancelled or not (
            period.contains(due_on) and scope.here_on(task.person_id, due_on)
        ):
            continue
        done = completed.get(task.task_id)
        if done is not None and done <= due_on:
            status = "on_time"
        elif done is not None and done <= period.end:
            status = "late"
        else:
            status = "outstanding"
        rows.append(PersonRow(task.person_id, due_on, status, task.kind.value))
    return sorted(rows, key=PersonRow.order)


def placement_rows(scope: Scope) -> list[PersonRow]:
    """The placements started in the range (by `starts_on`): `after_release` or `on_rotl`."""
    rows = [
        PersonRow(d.person_id, d.starts_on, "on_rotl" if d.on_rotl else "after_release")
        for _, d in of_type(scope.facts, placements.PlacementStarted, "placement_id")
        if scope.period.contains(d.starts_on) and scope.here_on(d.person_id, d.starts_on)
    ]
    return sorted(rows, key=PersonRow.order)


def family_figures(scope: Scope) -> FamilyFigures:
    figures = FamilyFigures()
    for fact, case in of_type(scope.facts, family.CaseOpened, "case_id"):
        figures.cases_opened += scope.in_range(fact.occurred_at) and scope.here(
            case.person_id, fact.occurred_at
        )
    for row in followup_rows(scope):
        figures.followups_due += 1
        figures.on_time += row.status == "on_time"
        figures.late += row.status == "late"
        figures.outstanding += row.status == "outstanding"
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
    for row in placement_rows(scope):
        figures.started += 1
        figures.started_on_rotl += row.status == "on_rotl"
        figures.started_after_release += row.status == "after_release"
    for fact, ended in of_type(scope.facts, placements.PlacementEnded, "placement_id"):
        if scope.in_range(fact.occurred_at) and scope.here(ended.person_id, fact.occurred_at):
            figures.ended += 1
            figures.completed += ended.outcome == "completed"
            figures.ended_recalled += ended.outcome == "recalled"
    return figures
