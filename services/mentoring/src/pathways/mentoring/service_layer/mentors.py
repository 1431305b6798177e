"""Mentor lifecycle handlers: enrol, modules, qualification, status (each one transaction)."""

from __future__ import annotations

from pathways.mentoring.domain import Mentor, MentorStatus
from pathways.mentoring.domain.custody_record import RELEASED
from pathways.mentoring.service_layer.cohorts import cohort_for, enrolment_day
from pathways.mentoring.service_layer.commands import (
    ChangeMentorStatus,
    CompleteModule,
    EnrolMentor,
    Qualify,
    UpdateProfile,
)
from pathways.mentoring.service_layer.matching import request_matching
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.rematching import after_mentor_status
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import Conflict, InvalidInput


async def enrol_mentor(cmd: EnrolMentor, uow: MentoringUnitOfWork) -> Mentor:
    """Enrol a person in custody; one who was a mentor before rejoins with their training."""
    records = await uow.mentors.for_person(cmd.person_id)
    current = [m for m in records if m.status is not MentorStatus.LEFT]
    if current:
        raise Conflict(
            f"person {cmd.person_id} is already enrolled as mentor {current[0].mentor_id}",
            code="already_enrolled",
        )
    custody = await uow.people.get(cmd.person_id)
    if not custody.is_new and custody.custody == RELEASED:
        raise Conflict(
            f"person {cmd.person_id} is {custody.custody}, not in custody", code="not_in_custody"
        )
    if custody.prison_code and custody.prison_code != cmd.prison_code:
        raise InvalidInput(
            f"person {cmd.person_id} is at {custody.prison_code} according to intake, "
            f"not {cmd.prison_code}",
            code="different_prison",
        )
    cohort = await cohort_for(cmd, uow)
    if records:  # the training and the qualification belong to the person
        mentor = max(records, key=lambda m: m.is_qualified)
        mentor.rejoin(cmd.prison_code, clock.now(), cohort)
        mentor.update_profile(
            wing=cmd.wing or custody.wing,
            languages=cmd.languages,
            lived_experience=cmd.lived_experience,
            availability=cmd.availability,
            capacity=cmd.capacity,
        )
        return await _save(uow, mentor, cmd.actor, "rejoined")
    mentor = Mentor.enrol(
        person_id=cmd.person_id,
        prison_code=cmd.prison_code,
        at=clock.now(),
        cohort=cohort,
        wing=cmd.wing or custody.wing,
        languages=cmd.languages,
        lived_experience=cmd.lived_experience,
        availability=cmd.availability,
        capacity=cmd.capacity,
        enrolled_on=enrolment_day(cmd, uow),
    )
    await uow.mentors.save(mentor)
    publish(uow, [mentor])
    await uow.commit_audited(cmd.actor, "create", "mentor", cmd.person_id)
    return mentor


async def complete_module(cmd: CompleteModule, uow: MentoringUnitOfWork) -> Mentor:
    mentor = await uow.mentors.get(cmd.mentor_id)
    if cmd.completed_on > clock.today():
        raise InvalidInput(
            f"completion date {cmd.completed_on} is in the future", code="date_in_future"
        )
    mentor.complete_module(cmd.module, cmd.completed_on)
    return await _save(uow, mentor, cmd.actor, "module_completed")


async def qualify(cmd: Qualify, uow: MentoringUnitOfWork) -> Mentor:
    mentor = await uow.mentors.get(cmd.mentor_id)
    if cmd.awarded_on > clock.today():
        raise InvalidInput(f"award date {cmd.awarded_on} is in the future", code="date_in_future")
    mentor.qualify(cmd.awarded_on, at=clock.now(), award=cmd.award)
    return await _save(uow, mentor, cmd.actor, "qualified")


async def change_status(cmd: ChangeMentorStatus, uow: MentoringUnitOfWork) -> Mentor:
    """Activate, suspend, reinstate or leave; suspension and leaving end matches and re-match."""
    mentor = await uow.mentors.get(cmd.mentor_id)
    at = clock.now()
    if cmd.action in ("suspend", "leave") and not cmd.reason:
        raise InvalidInput(f"a reason is needed to {cmd.action} a mentor", code="reason_required")
    match cmd.action:
        case "activate":
            mentor.activate(at)
        case "reinstate":
            mentor.reinstate(at)
        case "suspend":
            mentor.suspend(cmd.reason or "", at)
        case "leave":
            mentor.leave(cmd.reason or "", at)
    await uow.mentors.save(mentor)
    publish(uow, [mentor])
    await after_mentor_status(uow, mentor)
    await uow.commit_audited(cmd.actor, f"status_{cmd.action}", "mentor", mentor.person_id)
    return mentor


async def update_profile(cmd: UpdateProfile, uow: MentoringUnitOfWork) -> Mentor:
    """Change wing, languages, lived experience, availability or capacity. A lower capacity
    ends no match (the mentor takes nobody new until below it); new room is matched at once."""
    mentor = await uow.mentors.get(cmd.mentor_id)
    mentor.update_profile(
        wing=cmd.wing,
        languages=cmd.languages,
        lived_experience=cmd.lived_experience,
        availability=cmd.availability,
        capacity=cmd.capacity,
    )
    if mentor.status is MentorStatus.ACTIVE:
        request_matching(uow, mentor.prison_code)
    return await _save(uow, mentor, cmd.actor, "profile_updated")


async def _save(uow: MentoringUnitOfWork, mentor: Mentor, actor: str, action: str) -> Mentor:
    await uow.mentors.save(mentor)
    publish(uow, [mentor])
    await uow.commit_audited(actor, action, "mentor", mentor.person_id)
    return mentor
