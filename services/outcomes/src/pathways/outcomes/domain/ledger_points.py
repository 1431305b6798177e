"""A person's POINT entries: what counts in a range holding its day (see ledger.py). Each
mirrors the figure's definition over facts (mentors.py, matches.py, family_placements.py,
release.py, continuity.py), which the property test keeps as the oracle."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from pathways.contracts import family, intake, placements
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.continuity import ReleaseClass, release_outcomes
from pathways.outcomes.domain.custody import OPEN_PRISONS, is_open_category
from pathways.outcomes.domain.ledger import Ledger, scopes
from pathways.outcomes.domain.ledger_person import PersonFacts, local_day
from pathways.outcomes.domain.ledger_release import contact_entries
from pathways.outcomes.domain.scope import Scope


def _here(view: PersonFacts, days: dict[str, set[date]], prison: str | None, day: date) -> None:
    for scope in scopes(prison):
        days[scope].add(day)


def mentor_points(view: PersonFacts, ledger: Ledger) -> None:
    enrolled: dict[str, set[date]] = defaultdict(set)
    for fact, _ in view.of(m.MentorEnrolled):
        _here(view, enrolled, view.prison_at(fact.occurred_at), local_day(fact.occurred_at))
    ledger.distinct("m.enr", enrolled)
    awards = [d.awarded_on for _, d in view.of(m.MentorQualified)]
    if awards:
        first = min(awards)
        prison = view.prison_on(first)
        ledger.point(prison, "m.qual", first)
        for scope in scopes(prison):
            ledger.add("l", scope, "m.qsince", first)


def people_points(view: PersonFacts, ledger: Ledger) -> None:
    referred: dict[str, set[date]] = defaultdict(set)
    for fact, d in view.of(intake.PersonReferred):
        prison = d.prison_code or view.prison_at(fact.occurred_at)
        _here(view, referred, prison, d.referred_on or local_day(fact.occurred_at))
    ledger.distinct("p.ref", referred)
    supported: dict[str, set[date]] = defaultdict(set)
    for fact, _ in view.first_of(m.MatchMade, "match_id"):
        _here(view, supported, view.prison_at(fact.occurred_at), local_day(fact.occurred_at))
    ledger.distinct("p.sup", supported)


def match_points(view: PersonFacts, ledger: Ledger) -> None:
    ended = {d.match_id: d.ended_on or local_day(f.occurred_at)
             for f, d in view.first_of(m.MatchEnded, "match_id")}  # fmt: skip
    for fact, made in view.first_of(m.MatchMade, "match_id"):
        made_on = made.made_on or local_day(fact.occurred_at)
        prison = view.prison_on(made_on)
        end = ended.get(made.match_id)
        ended_on = end and max(end, made_on)
        ledger.point(prison, "x.made", made_on)
        for scope in scopes(prison):
            ledger.add("l", scope, "x.open", made_on, 1, -made_on.toordinal())
        if ended_on is not None:
            ledger.point(prison, "x.ended", ended_on, 1, (ended_on - made_on).days)
            for scope in scopes(prison):
                ledger.add("l", scope, "x.open", ended_on, -1, made_on.toordinal())
    for _, d in view.first_of(m.SessionLogged, "session_id"):
        ledger.point(view.prison_on(d.held_on), f"s|{getattr(d.kind, 'value', d.kind)}", d.held_on)


def family_points(view: PersonFacts, ledger: Ledger) -> None:
    for fact, _ in view.first_of(family.CaseOpened, "case_id"):
        ledger.point(view.prison_at(fact.occurred_at), "f.case", local_day(fact.occurred_at))
    completed = {d.task_id: d.completed_on
                 for _, d in view.first_of(family.FollowUpCompleted, "task_id")}  # fmt: skip
    cancelled = {d.task_id for _, d in view.of(family.FollowUpCancelled)}
    redated = {d.task_id: d.due_on for _, d in view.of(family.FollowUpRescheduled)}
    for _, task in view.first_of(family.FollowUpScheduled, "task_id"):
        if task.task_id in cancelled:
            continue
        due_on = redated.get(task.task_id, task.due_on)
        prison, done = view.prison_on(due_on), completed.get(task.task_id)
        ledger.point(prison, "f.due", due_on)
        if done is not None and done <= due_on:
            ledger.point(prison, "f.ontime", due_on)
        elif done is not None:
            ledger.point(prison, "f.late", due_on, day2=done)  # late once done ≤ range end
    for fact, gone in view.first_of(family.FollowUpCancelled, "task_id"):
        prison = view.prison_at(fact.occurred_at)
        ledger.point(prison, f"f.cx|{gone.reason}", local_day(fact.occurred_at))


def placement_points(view: PersonFacts, ledger: Ledger) -> None:
    for fact, d in view.first_of(placements.ReferralCreated, "referral_id"):
        prison, day = view.prison_at(fact.occurred_at), local_day(fact.occurred_at)
        ledger.point(prison, f"pl.ref|{d.trigger.value}", day)
    for _, d in view.first_of(placements.PlacementStarted, "placement_id"):
        ledger.point(view.prison_on(d.starts_on), "pl.start|" + ("rotl" if d.on_rotl else "rel"),
                     d.starts_on)  # fmt: skip
    for fact, d in view.first_of(placements.PlacementEnded, "placement_id"):
        prison, day = view.prison_at(fact.occurred_at), local_day(fact.occurred_at)
        ledger.point(prison, "pl.end", day)
        if d.outcome in ("completed", "recalled"):
            ledger.point(prison, f"pl.end|{d.outcome}", day)


def open_condition_points(view: PersonFacts, ledger: Ledger) -> None:
    """Moves to open conditions: distinct movers; of them qualified mentors (qualified by
    the day of their first move in the range) and mentors with a ROTL after that move."""
    moves: dict[str, dict[date, object]] = defaultdict(dict)
    found = []
    for fact, d in view.of(intake.PersonRecategorised):
        if is_open_category(d.category):
            found.append((fact.occurred_at, view.prison_at(fact.occurred_at)))
    for _, d in view.of(intake.PersonTransferred):
        if d.to_prison_code in OPEN_PRISONS and d.from_prison_code not in OPEN_PRISONS:
            found.append((d.transferred_at, d.from_prison_code))
    for at, prison in found:
        for scope in scopes(prison):
            day = local_day(at)
            moves[scope][day] = min(moves[scope].get(day, at), at)  # type: ignore[type-var]
    qualified = None
    for _, d in view.of(m.MentorQualified):
        qualified = d.awarded_on  # the latest fact's (as the figure reads it)
    rotl = [d.starts_at for _, d in view.of(intake.TemporaryAbsenceStarted)
            if d.kind in intake.ROTL_KINDS]  # fmt: skip
    latest_rotl = max(rotl, default=None)
    for scope, days in moves.items():
        previous: date | None = None
        for day in sorted(days):
            mentor = qualified is not None and qualified <= day
            flags = [
                ("oc.t", True),
                ("oc.m", mentor),
                ("oc.r", mentor and bool(latest_rotl and latest_rotl >= days[day])),
            ]
            for metric, counted in flags:
                if counted:
                    ledger.add("p", scope, metric, day)
                    if previous is not None:
                        ledger.add("p", scope, metric + "~", day, day2=previous)
            previous = day


def continuity_points(view: PersonFacts, ledger: Ledger) -> None:
    """Each release classed with its window closed; `cc.pend|class` marks a release that is
    `not_yet_due` while its 21 days are not over (the query knows today)."""
    closed = release_outcomes(view.scope)
    still_open = Scope(replace(view.scope.period, today=date.min), view.whereabouts, view.facts)
    for final, early in zip(closed, release_outcomes(still_open), strict=True):
        ledger.point(final.prison_code, f"cc|{final.status.value}", final.released_on)
        if early.status is ReleaseClass.NOT_YET_DUE:
            ledger.point(final.prison_code, f"cc.pend|{final.status.value}", final.released_on)


def point_entries(view: PersonFacts, ledger: Ledger) -> None:
    parts = (mentor_points, people_points, match_points, family_points, placement_points,
             open_condition_points, continuity_points, contact_entries)  # fmt: skip
    for part in parts:
        part(view, ledger)
