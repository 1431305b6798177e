"""Match routes: the waiting queue, matching runs, approval, ending, sessions, candidates."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.domain import MatchStatus
from pathways.mentoring.domain.searches import MatchSearch
from pathways.mentoring.entrypoints.deps import (
    ROLE,
    Listed,
    Listing,
    Principal,
    Reader,
    UoW,
    Writer,
)
from pathways.mentoring.entrypoints.match_schemas import (
    ApprovalRequest,
    EndRequest,
    MakeMatchRequest,
    MatchingRunRequest,
    NonAssociationRequest,
    SessionRequest,
)
from pathways.mentoring.entrypoints.schemas import Page
from pathways.mentoring.entrypoints.views import (
    CandidateView,
    MatchingRunView,
    MatchView,
    MenteeView,
    SessionLoggedView,
)
from pathways.mentoring.service_layer import matches as handlers
from pathways.mentoring.service_layer import queries
from pathways.mentoring.service_layer.commands import (
    DecideProposal,
    EndMatch,
    LogSession,
    MakeMatch,
    RecordNonAssociation,
)
from pathways.mentoring.service_layer.matching import run_matching
from pathways.messaging.context import current_ids
from pathways.messaging.work import AuditEntry
from pathways.platform.caseload import visible_prisons

router = APIRouter(tags=["matching"])


@router.get("/waiting", response_model=Page[MenteeView])
async def waiting(asked: Listing = Listed) -> Page[MenteeView]:
    """The queue of waiting mentees, oldest referral first (without prison_code: those whose
    prison is not known yet: only national scope sees them)."""
    a = asked
    if a.prison_code is None and visible_prisons(a.who, ROLE) is not None:
        return a.page([], 0)
    found, total = await queries.waiting(a.uow, a.who.subject, a.prison_code, a.limit, a.offset)
    return a.page([MenteeView.of(m) for m in found], total)


@router.get("/mentees/{person_id}/candidates", response_model=list[CandidateView])
async def candidates(
    person_id: UUID, uow: MentoringUnitOfWork = UoW, who: Principal = Reader
) -> list[CandidateView]:
    """Every mentor of the mentee's prison: allowed ones first by score, with explanations
    and, for the others, the hard rules that exclude them."""
    _, ranked = await queries.candidates(uow, who.subject, person_id)
    return [CandidateView.of(c) for c in ranked]


@router.post("/matching/runs", response_model=MatchingRunView)
async def matching_run(
    body: MatchingRunRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MatchingRunView:
    """Match the prison's whole waiting cohort now (optimal assignment). Automatic mode makes
    the matches; proposal mode returns proposals to approve."""
    outcome = await run_matching(uow, body.prison_code)
    correlation_id, _ = current_ids()
    audited = [
        AuditEntry("create", "match", m.mentee_person_id, correlation_id) for m in outcome.matches
    ]
    await uow.audit_all(who.subject, audited)  # one statement, not one per match
    await uow.commit()
    view = MatchingRunView.model_construct(
        prison_code=outcome.prison_code,
        mode=outcome.mode,
        matches=[MatchView.built(m) for m in outcome.matches],
        total_score=round(sum(m.score for m in outcome.matches), 3),
        still_waiting=list(outcome.still_waiting),
    )
    # Serialised once here: hundreds of matches are not validated a second time on the way out.
    return Response(view.model_dump_json(), media_type="application/json")  # type: ignore[return-value]


@router.get("/matches", response_model=Page[MatchView])
async def list_matches(
    person_id: UUID | None = None, status: MatchStatus | None = None, asked: Listing = Listed
) -> Page[MatchView]:
    """Matches of a person (as mentee or mentor) or of a prison; status: proposed|active|ended."""
    a = asked
    asked_for = MatchSearch(person_id, a.prison_code, status)
    found, total = await queries.find_matches(a.uow, a.who.subject, asked_for, a.limit, a.offset)
    return a.page([MatchView.of(m) for m in found], total)


@router.post("/matches", status_code=201, response_model=MatchView)
async def make_match(
    body: MakeMatchRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MatchView:
    """Pair a mentor and a waiting mentee by hand; every hard rule is enforced (4xx naming it)."""
    match = await handlers.make_match(
        MakeMatch(who.subject, body.mentor_id, body.mentee_person_id, body.made_on), uow
    )
    return MatchView.of(match)


@router.get("/matches/{match_id}", response_model=MatchView)
async def get_match(
    match_id: UUID, uow: MentoringUnitOfWork = UoW, who: Principal = Reader
) -> MatchView:
    """One match with its sessions (including notes, which never leave the service otherwise)."""
    return MatchView.of(await queries.get_match(uow, who.subject, match_id), with_sessions=True)


@router.get("/matches/{match_id}/candidates", response_model=list[CandidateView])
async def match_candidates(
    match_id: UUID, uow: MentoringUnitOfWork = UoW, who: Principal = Reader
) -> list[CandidateView]:
    """The alternatives for this match's mentee (e.g. before approving a proposal)."""
    _, ranked = await queries.candidates_for_match(uow, who.subject, match_id)
    return [CandidateView.of(c) for c in ranked]


@router.post("/matches/{match_id}/approval", response_model=MatchView)
async def approval(
    match_id: UUID, body: ApprovalRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MatchView:
    """Approve a proposal (it becomes active) or turn it down (the mentee waits again and this
    pair is not proposed again)."""
    return MatchView.of(
        await handlers.decide_proposal(
            DecideProposal(who.subject, match_id, body.approved, body.made_on), uow
        )
    )


@router.post("/matches/{match_id}/end", response_model=MatchView)
async def end(
    match_id: UUID, body: EndRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MatchView:
    """End a match with a reason; the mentee is matched again unless the reason is final."""
    return MatchView.of(await handlers.end_match(EndMatch(who.subject, match_id, body.reason), uow))


@router.post("/matches/{match_id}/sessions", status_code=201, response_model=SessionLoggedView)
async def log_session(
    match_id: UUID, body: SessionRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> SessionLoggedView:
    """Log a session on an active match (409 once the match has ended)."""
    cmd = LogSession(who.subject, match_id, body.kind, body.held_on, body.minutes, body.notes)
    s = await handlers.log_session(cmd, uow)
    return SessionLoggedView(
        session_id=s.session_id,
        match_id=s.match_id,
        kind=s.kind.value,
        held_on=s.held_on,
        minutes=s.minutes,
    )


@router.post("/non-associations", status_code=201, response_model=list[MatchView])
async def non_association(
    body: NonAssociationRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> list[MatchView]:
    """Record that two people must not meet. Returns any match between them, now ended."""
    cmd = RecordNonAssociation(who.subject, body.first_person_id, body.second_person_id)
    return [MatchView.of(m) for m in await handlers.record_non_association(cmd, uow)]
