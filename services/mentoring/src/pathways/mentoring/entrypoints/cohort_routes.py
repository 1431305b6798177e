"""Cohort routes: a six-week course with a start date, and enrolment in it."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.entrypoints.deps import Principal, Reader, UoW, Writer
from pathways.mentoring.entrypoints.schemas import CohortEnrolRequest, CohortRequest
from pathways.mentoring.entrypoints.views import CohortView, MentorView
from pathways.mentoring.service_layer import cohorts as handlers
from pathways.mentoring.service_layer import mentors
from pathways.mentoring.service_layer.commands import CreateCohort

router = APIRouter(prefix="/cohorts", tags=["cohorts"])


@router.post("", status_code=201, response_model=CohortView)
async def create(
    body: CohortRequest, uow: MentoringUnitOfWork = UoW, who: Principal = Writer
) -> CohortView:
    """A training cohort at a prison; qualification is possible six weeks after `starts_on`."""
    command = CreateCohort(who.subject, body.name, body.prison_code, body.starts_on)
    return CohortView.of(await handlers.create_cohort(command, uow))


@router.get("/{cohort_id}", response_model=CohortView)
async def read(cohort_id: UUID, uow: MentoringUnitOfWork = UoW, who: Principal = Reader):
    """One cohort."""
    return CohortView.of(await uow.cohorts.get(cohort_id))


@router.post("/{cohort_id}/mentors", status_code=201, response_model=MentorView)
async def enrol(
    cohort_id: UUID,
    body: CohortEnrolRequest,
    uow: MentoringUnitOfWork = UoW,
    who: Principal = Writer,
) -> MentorView:
    """Enrol a person in the cohort (in training at the cohort's prison)."""
    cohort = await uow.cohorts.get(cohort_id)
    command = body.command(who.subject, cohort.prison_code or "", cohort.cohort_id)
    return MentorView.of(await mentors.enrol_mentor(command, uow), 0)
