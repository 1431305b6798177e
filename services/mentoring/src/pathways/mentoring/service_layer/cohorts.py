"""Training cohorts: created with a start date; mentors enrol in one (the six-week rule
counts from its start)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from pathways.mentoring.domain import TrainingCohort
from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.service_layer.commands import CreateCohort, EnrolMentor
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput


async def create_cohort(cmd: CreateCohort, uow: MentoringUnitOfWork) -> TrainingCohort:
    name = cmd.name.strip()
    if not name:
        raise InvalidInput("a cohort needs a name", code="invalid_cohort_name")
    cohort = TrainingCohort(uuid4(), name, cmd.starts_on, v.prison_code(cmd.prison_code))
    await uow.cohorts.add(cohort, cmd.actor)
    await uow.commit()
    return cohort


async def cohort_for(cmd: EnrolMentor, uow: MentoringUnitOfWork) -> TrainingCohort | None:
    """The cohort an enrolment names: a created one (at the same prison), or one named only
    at enrolment, which then begins on the enrolment day."""
    enrolled_on = enrolment_day(cmd, uow)
    if cmd.cohort_id is not None and (found := await uow.cohorts.find(cmd.cohort_id)):
        if found.prison_code != cmd.prison_code:
            raise InvalidInput(
                f"cohort {found.name!r} is at {found.prison_code}, not {cmd.prison_code}",
                code="cohort_at_other_prison",
            )
        return found
    if not (cmd.cohort_name or cmd.cohort_id):
        return None
    name = (cmd.cohort_name or "").strip() or "unnamed cohort"
    return TrainingCohort(cmd.cohort_id or uuid4(), name, enrolled_on, cmd.prison_code)


def enrolment_day(cmd: EnrolMentor, uow: MentoringUnitOfWork) -> date:
    today = clock.today()
    day = cmd.enrolled_on or today
    if day > today:
        raise InvalidInput(f"enrolment date {day} is in the future", code="date_in_future")
    return day
