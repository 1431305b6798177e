"""Reads for the staff API; every read of a person's data is audited."""

from __future__ import annotations

from uuid import UUID

from pathways.mentoring.domain import Candidate, Match, Mentee, Mentor, candidates_for
from pathways.mentoring.domain.searches import MatchSearch, MentorSearch
from pathways.mentoring.service_layer.matching import load_cohort
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform.errors import InvalidInput


async def list_mentors(
    uow: MentoringUnitOfWork,
    actor: str,
    where: MentorSearch,
    limit: int,
    offset: int,
) -> tuple[list[tuple[Mentor, int]], int]:
    """The mentors `where` asks for, each with its open matches."""
    found, total = await uow.mentors.search(where, limit, offset)
    loads = await uow.matches.loads(m.mentor_id for m in found)
    for mentor in found:
        await uow.audit(actor, "read", "mentor", mentor.person_id)
    await uow.commit()
    return [(m, loads.get(m.mentor_id, 0)) for m in found], total


async def get_mentor(uow: MentoringUnitOfWork, actor: str, mentor_id: UUID) -> tuple[Mentor, int]:
    mentor = await uow.mentors.get(mentor_id)
    load = (await uow.matches.loads([mentor_id])).get(mentor_id, 0)
    await uow.commit_audited(actor, "read", "mentor", mentor.person_id)
    return mentor, load


async def find_matches(
    uow: MentoringUnitOfWork,
    actor: str,
    asked: MatchSearch,
    limit: int,
    offset: int,
) -> tuple[list[Match], int]:
    if asked.person_id is None and asked.prison_code is None:
        raise InvalidInput("give person_id or prison_code", code="filter_required")
    found, total = await uow.matches.search(asked, limit, offset)
    person_id = asked.person_id
    for subject in {person_id} if person_id else {m.mentee_person_id for m in found}:
        await uow.audit(actor, "read", "match", subject)
    await uow.commit()
    return found, total


async def get_match(uow: MentoringUnitOfWork, actor: str, match_id: UUID) -> Match:
    match = await uow.matches.get(match_id, with_sessions=True)
    await uow.commit_audited(actor, "read", "match", match.mentee_person_id)
    return match


async def waiting(
    uow: MentoringUnitOfWork, actor: str, prison_code: str | None, limit: int, offset: int
) -> tuple[list[Mentee], int]:
    """The queue, oldest referral first (no prison: those whose prison is not known yet)."""
    found, total = await uow.mentees.waiting(prison_code, limit, offset)
    for mentee in found:
        await uow.audit(actor, "read", "mentee", mentee.person_id)
    await uow.commit()
    return found, total


async def candidates(
    uow: MentoringUnitOfWork, actor: str, person_id: UUID
) -> tuple[Mentee, list[Candidate]]:
    """Every mentor in the mentee's prison, allowed ones first, with scores and exclusions."""
    mentee = await uow.mentees.get(person_id)
    ranked: list[Candidate] = []
    if mentee.prison_code:
        cohort = await load_cohort(uow, mentee.prison_code, mentees=[mentee])
        mentors = await uow.mentors.in_prison(mentee.prison_code)
        ranked = candidates_for(mentee, mentors, cohort.context, uow.policy.weights)
    await uow.commit_audited(actor, "read", "mentee", person_id)
    return mentee, ranked


async def candidates_for_match(
    uow: MentoringUnitOfWork, actor: str, match_id: UUID
) -> tuple[Mentee, list[Candidate]]:
    match = await uow.matches.get(match_id)
    return await candidates(uow, actor, match.mentee_person_id)
