"""Mentor routes: enrol, training modules, qualification, status, listing."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.domain import MentorStatus
from pathways.mentoring.domain.searches import MentorSearch
from pathways.mentoring.entrypoints.deps import (
    ROLE,
    Listed,
    Listing,
    Principal,
    Reader,
    UoW,
    Writer,
)
from pathways.mentoring.entrypoints.schemas import (
    EnrolRequest,
    ModuleRequest,
    Page,
    ProfileRequest,
    QualificationRequest,
    StatusRequest,
)
from pathways.mentoring.entrypoints.views import MentorView
from pathways.mentoring.service_layer import mentors as handlers
from pathways.mentoring.service_layer import queries
from pathways.mentoring.service_layer.commands import (
    ChangeMentorStatus,
    CompleteModule,
    Qualify,
    UpdateProfile,
)
from pathways.platform.caseload import visible_prisons
from pathways.platform.inputs import Code

router = APIRouter(prefix="/mentors", tags=["mentors"])


@router.post("", status_code=201, response_model=MentorView)
async def enrol(
    body: EnrolRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MentorView:
    """Enrol a person as a peer mentor (in a training cohort, or as a candidate)."""
    command = body.command(who.subject, body.prison_code, body.cohort_id, body.cohort)
    return MentorView.of(await handlers.enrol_mentor(command, uow), 0)


@router.get("", response_model=Page[MentorView])
async def list_mentors(
    status: MentorStatus | None = None, asked: Listing = Listed
) -> Page[MentorView]:
    """Mentors, filtered by prison and status (candidate, in_training, qualified, active, ...)."""
    a, status_value = asked, status.value if status else None
    where = MentorSearch(a.prison_code, status_value, visible_prisons(a.who, ROLE))
    found, total = await queries.list_mentors(a.uow, a.who.subject, where, a.limit, a.offset)
    return a.page([MentorView.of(m, n) for m, n in found], total)


@router.get("/{mentor_id}", response_model=MentorView)
async def get_mentor(
    mentor_id: UUID, uow: MentoringUnitOfWork = UoW, who: Principal = Reader
) -> MentorView:
    """One mentor: status, cohort, training modules, capacity and open matches."""
    mentor, load = await queries.get_mentor(uow, who.subject, mentor_id)
    return MentorView.of(mentor, load)


@router.patch("/{mentor_id}", response_model=MentorView)
async def update_profile(
    mentor_id: UUID, body: ProfileRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MentorView:
    """Change a mentor's matching facts (fields left out stay as they are)."""
    cmd = UpdateProfile(
        who.subject,
        mentor_id,
        wing=body.wing,
        languages=_tuple(body.languages),
        lived_experience=_tuple(body.lived_experience),
        availability=_tuple(body.availability),
        capacity=body.capacity,
    )
    return MentorView.of(await handlers.update_profile(cmd, uow))


def _tuple(values: list | None) -> tuple | None:
    return tuple(values) if values is not None else None


@router.post("/{mentor_id}/modules/{module}", response_model=MentorView)
async def complete_module(
    mentor_id: UUID,
    module: Code,
    body: ModuleRequest,
    uow: MentoringUnitOfWork = UoW,
    who: Principal = Writer,
) -> MentorView:
    """Record a completed module: conflict_resolution, interpersonal_skills, mentoring_skills,
    drug_alcohol_awareness."""
    cmd = CompleteModule(who.subject, mentor_id, module, body.completed_on)
    return MentorView.of(await handlers.complete_module(cmd, uow))


@router.post("/{mentor_id}/qualification", response_model=MentorView)
async def qualify(
    mentor_id: UUID,
    body: QualificationRequest,
    uow: MentoringUnitOfWork = UoW,
    who: Principal = Writer,
) -> MentorView:
    """Award the qualification; 422 `modules_incomplete` naming any module still missing."""
    cmd = Qualify(who.subject, mentor_id, body.awarded_on, body.award)
    return MentorView.of(await handlers.qualify(cmd, uow))


@router.post("/{mentor_id}/status", response_model=MentorView)
async def change_status(
    mentor_id: UUID, body: StatusRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> MentorView:
    """Activate, suspend, reinstate or leave. Suspending or leaving ends the mentor's matches
    and their mentees are matched again."""
    cmd = ChangeMentorStatus(who.subject, mentor_id, body.action, body.reason)
    return MentorView.of(await handlers.change_status(cmd, uow))
