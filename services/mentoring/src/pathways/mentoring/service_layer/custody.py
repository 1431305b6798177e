"""What a person's departure means here: their matches end (as mentee and as mentor),
a mentor leaves the scheme, and their mentees are matched to other mentors."""

from __future__ import annotations

from uuid import UUID

from pathways.mentoring.adapters.unit_of_work import MentoringUnitOfWork
from pathways.mentoring.domain import (
    MenteeStatus,
    MentorStatus,
    MentorStatusReason,
    plan_for_release,
    plan_for_transfer,
)
from pathways.mentoring.service_layer import clock
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.rematching import carry_out


async def person_left(
    uow: MentoringUnitOfWork, person_id: UUID, *, to_prison_code: str | None = None
) -> None:
    """Released (no `to_prison_code`) or transferred. Safe to repeat: it ends nothing twice."""
    released = to_prison_code is None
    open_matches = await uow.matches.open_for_person(person_id)
    planner = plan_for_release if released else plan_for_transfer
    await carry_out(uow, planner(person_id, open_matches), open_matches)

    mentee = await uow.mentees.find(person_id)
    if mentee is not None:
        if released and mentee.status is not MenteeStatus.RELEASED:
            mentee.released()
            await uow.mentees.save(mentee)
        elif to_prison_code is not None and (
            mentee.status is not MenteeStatus.TRANSFERRED or mentee.prison_code != to_prison_code
        ):
            mentee.transferred(to_prison_code)
            await uow.mentees.save(mentee)

    reason = MentorStatusReason.RELEASED if released else MentorStatusReason.TRANSFERRED
    for mentor in await uow.mentors.for_person(person_id):
        if mentor.status is not MentorStatus.LEFT:
            mentor.leave(reason, clock.now())
            await uow.mentors.save(mentor)
            publish(uow, [mentor])
