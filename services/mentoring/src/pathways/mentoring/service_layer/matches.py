"""Match handlers: a coordinator's own pairing, approval, ending, sessions, non-associations."""

from __future__ import annotations

from datetime import datetime

from pathways.mentoring.domain import (
    EndReason,
    Match,
    MatchEnding,
    MatchStatus,
    NonAssociation,
    RematchPlan,
    Session,
    ensure_pair,
    score_pair,
    waits_again,
)
from pathways.mentoring.service_layer.commands import (
    DecideProposal,
    EndMatch,
    LogSession,
    MakeMatch,
    RecordNonAssociation,
)
from pathways.mentoring.service_layer.match_dates import began_at
from pathways.mentoring.service_layer.matching import load_cohort
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.rematching import carry_out
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock
from pathways.platform.checks import known
from pathways.platform.errors import Conflict, InvalidInput


async def make_match(cmd: MakeMatch, uow: MentoringUnitOfWork) -> Match:
    """Pair by hand: every hard rule applies (4xx naming the broken one); active at once."""
    mentor = await uow.mentors.get(cmd.mentor_id)
    mentee = await uow.mentees.get(cmd.mentee_person_id)
    await uow.lock_matching(mentor.prison_code)
    context = (await load_cohort(uow, mentor.prison_code, mentees=[mentee])).context
    ensure_pair(mentor, mentee, context)
    scored = score_pair(mentor, mentee, context.load_of(mentor), uow.policy.weights)
    at = await began_at(uow, cmd.made_on, mentor, mentee)
    match = Match.propose(
        mentor_id=mentor.mentor_id,
        mentor_person_id=mentor.person_id,
        mentee_person_id=mentee.person_id,
        prison_code=mentor.prison_code,
        score=scored.score,
        explanation=f"chosen by a coordinator; {scored.explanation}",
        at=at,
    )
    match.approve(at)
    await uow.mentees.mark_matched([mentee.person_id])
    await uow.matches.add_all([match])
    publish(uow, [match])
    await uow.commit_audited(cmd.actor, "create", "match", mentee.person_id)
    return match


async def decide_proposal(cmd: DecideProposal, uow: MentoringUnitOfWork) -> Match:
    """Approve a proposal (match.made) or turn it down (the pair is not proposed again)."""
    match = await uow.matches.get(cmd.match_id)
    if match.status is not MatchStatus.PROPOSED:
        match.approve(clock.now())  # raises the domain's Conflict naming the status
    if cmd.approved:
        match.approve(await _approved_at(cmd, match, uow))
        await uow.matches.save(match)
        publish(uow, [match])
    elif cmd.made_on is not None:
        raise InvalidInput("made_on is only for an approval", code="made_on_without_approval")
    else:
        plan = RematchPlan(
            (MatchEnding(match.match_id, EndReason.NOT_APPROVED),), (match.mentee_person_id,)
        )
        await carry_out(uow, plan, [match])
    await uow.commit_audited(
        cmd.actor, "approve" if cmd.approved else "reject", "match", match.mentee_person_id
    )
    return match


async def _approved_at(cmd: DecideProposal, match: Match, uow: MentoringUnitOfWork) -> datetime:
    if cmd.made_on is None:
        return clock.now()
    mentor = await uow.mentors.get(match.mentor_id)
    mentee = await uow.mentees.get(match.mentee_person_id)
    return await began_at(uow, cmd.made_on, mentor, mentee)


async def end_match(cmd: EndMatch, uow: MentoringUnitOfWork) -> Match:
    """End with a reason; the mentee waits again (and is re-matched) unless it is final."""
    match = await uow.matches.get(cmd.match_id)
    reason = _end_reason(cmd.reason)
    if reason is EndReason.CONSENT_WITHDRAWN:
        raise InvalidInput(
            "a withdrawal of consent is recorded in intake (POST /people/{id}/consents), "
            "which ends the match and takes the mentee off the waiting list",
            code="consent_is_recorded_in_intake",
        )
    if not match.is_open:
        match.end(reason, clock.now())  # raises the domain's Conflict (already ended)
    requeue = (match.mentee_person_id,) if waits_again(reason) else ()
    await carry_out(uow, RematchPlan((MatchEnding(match.match_id, reason),), requeue), [match])
    await uow.commit_audited(cmd.actor, "end", "match", match.mentee_person_id)
    return match


async def log_session(cmd: LogSession, uow: MentoringUnitOfWork) -> Session:
    match = await uow.matches.get(cmd.match_id, with_sessions=True)
    session = match.log_session(
        kind=cmd.kind,
        held_on=cmd.held_on,
        minutes=cmd.minutes,
        notes=cmd.notes,
        today=clock.today(),
    )
    await uow.matches.add_session(session, cmd.actor)
    await uow.matches.save(match)  # bumps the version: two sessions at once cannot race
    publish(uow, [match])
    await uow.commit_audited(cmd.actor, "create", "session", match.mentee_person_id)
    return session


async def record_non_association(
    cmd: RecordNonAssociation, uow: MentoringUnitOfWork
) -> list[Match]:
    """Record that two people must not meet; any open match between them ends at once
    (safeguarding) and the mentee is matched again. Returns the matches ended."""
    entry = NonAssociation(cmd.first_person_id, cmd.second_person_id)
    if entry.pair in await uow.non_associations.among([entry.first]):
        raise Conflict(
            f"a non-association between {entry.first} and {entry.second} is already recorded",
            code="non_association_exists",
        )
    await uow.non_associations.add(entry, cmd.actor)
    between = [
        m
        for m in await uow.matches.open_for_person(entry.first)
        if {m.mentor_person_id, m.mentee_person_id} == set(entry.pair)
    ]
    endings = tuple(MatchEnding(m.match_id, EndReason.SAFEGUARDING) for m in between)
    await carry_out(uow, RematchPlan(endings, tuple(m.mentee_person_id for m in between)), between)
    await uow.audit(cmd.actor, "create", "non_association", entry.first)
    await uow.commit_audited(cmd.actor, "create", "non_association", entry.second)
    return between


def _end_reason(value: str) -> EndReason:
    return known(EndReason, value, "end reason", "unknown_end_reason")
