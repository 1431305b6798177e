"""Matching runs over a prison's whole waiting cohort (optimal assignment, never FCFS).

A run loads the prison's active mentors, waiting mentees, open-match loads, barred pairs and
non-associations in five queries, solves, then writes every new match in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pathways.mentoring.domain import (
    Match,
    MatchingContext,
    Mentee,
    Mentor,
    MentorStatus,
    ProposedPair,
    optimal_assignment,
)
from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock


@dataclass(frozen=True)
class MatchingOutcome:
    prison_code: str
    mode: str
    matches: tuple[Match, ...]
    still_waiting: tuple[UUID, ...]


@dataclass(frozen=True)
class Cohort:
    mentors: list[Mentor]
    mentees: list[Mentee]
    context: MatchingContext


async def load_cohort(
    uow: MentoringUnitOfWork, prison_code: str, *, mentees: list[Mentee] | None = None
) -> Cohort:
    """Active mentors of the prison and what matching needs to know about them."""
    mentors = await uow.mentors.in_prison(prison_code, MentorStatus.ACTIVE)
    if mentees is None:
        mentees, _ = await uow.mentees.waiting(prison_code)
    loads = await uow.matches.loads(m.mentor_id for m in mentors)
    barred = await uow.matches.barred_pairs(e.person_id for e in mentees)
    people = {m.person_id for m in mentors} | {e.person_id for e in mentees}
    non_associations = await uow.non_associations.among(people)
    return Cohort(mentors, mentees, MatchingContext(loads, non_associations, barred))


async def run_matching(uow: MentoringUnitOfWork, prison_code: str) -> MatchingOutcome:
    """Match the prison's waiting mentees now (proposals in proposal mode)."""
    prison_code = v.prison_code(prison_code)
    await uow.lock_matching(prison_code)
    cohort = await load_cohort(uow, prison_code)
    result = optimal_assignment(cohort.mentors, cohort.mentees, cohort.context, uow.policy.weights)
    at = clock.now()
    made = [_new_match(pair, at, approve=uow.policy.automatic) for pair in result.pairs]
    await uow.mentees.mark_matched([m.mentee_person_id for m in made])
    await uow.matches.add_all(made)
    publish(uow, made)
    return MatchingOutcome(prison_code, uow.policy.mode, tuple(made), result.waiting)


def request_matching(uow: MentoringUnitOfWork, prison_code: str | None) -> None:
    """Match the prison's cohort once, just before this unit of work commits.

    Many events in one consumer batch (or a re-matching after a release) cost one run, and
    none while no active mentor of the prison has a free place.
    """
    if prison_code is None:
        return

    async def work() -> None:
        # Nobody free to mentor (no active mentor, or each at capacity): the run could match
        # nobody, so the waiting list (which grows with every referral meanwhile) is not
        # loaded at all.
        mentors = await uow.mentors.in_prison(v.prison_code(prison_code), MentorStatus.ACTIVE)
        if mentors and await _any_free_place(uow, mentors):
            await run_matching(uow, prison_code)

    uow.defer(f"matching:{prison_code}", work)


async def _any_free_place(uow: MentoringUnitOfWork, mentors: list[Mentor]) -> bool:
    loads = await uow.matches.loads(m.mentor_id for m in mentors)
    return any(m.remaining_capacity(loads.get(m.mentor_id, 0)) > 0 for m in mentors)


def _new_match(pair: ProposedPair, at: datetime, *, approve: bool) -> Match:
    match = Match.propose(
        mentor_id=pair.mentor_id,
        mentor_person_id=pair.mentor_person_id,
        mentee_person_id=pair.mentee_person_id,
        prison_code=pair.prison_code,
        score=pair.score,
        explanation=pair.explanation,
        at=at,
    )
    if approve:
        match.approve(at)
    return match
