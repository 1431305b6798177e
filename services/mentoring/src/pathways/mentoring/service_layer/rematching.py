"""Ending matches when people leave (custody events, mentor status), and matching again."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pathways.mentoring.domain import (
    Match,
    Mentee,
    Mentor,
    MentorStatus,
    RematchPlan,
    plan,
    trigger_for_mentor,
)
from pathways.mentoring.service_layer.matching import request_matching
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock


async def carry_out(
    uow: MentoringUnitOfWork,
    planned: RematchPlan,
    matches: list[Match],
    at: datetime | None = None,
) -> None:
    """End the planned matches, put their mentees back in the queue, and match those again.

    `at`: when the matches ended — the custody event's own time when a release, transfer or
    reception ends them (so a match's length is in the story's time, not the processing
    time); never later than now, never before a match began. Default now.

    Only open matches are planned, so a redelivered event ends (and publishes) nothing twice.
    """
    if not planned.endings:
        return
    by_id = {m.match_id: m for m in matches}
    requeued: dict[UUID, Mentee] = {}
    for person_id in planned.back_to_waiting:
        if (mentee := await uow.mentees.find(person_id)) is not None:
            requeued[person_id] = mentee
    now = clock.now()
    planned.apply(by_id, requeued, now if at is None else min(at, now))
    for ending in planned.endings:
        ended = by_id[ending.match_id]
        await uow.matches.save(ended)
        request_matching(uow, ended.prison_code)  # a place is free: the queue may move
    for mentee in requeued.values():
        await uow.mentees.save(mentee)
        if mentee.is_waiting:
            request_matching(uow, mentee.prison_code)
    publish(uow, [by_id[e.match_id] for e in planned.endings])


async def after_mentor_status(uow: MentoringUnitOfWork, mentor: Mentor) -> None:
    """A suspended or departed mentor's matches end; an active one may take waiting mentees."""
    trigger = trigger_for_mentor(mentor.status, mentor.status_reason)
    if trigger is None:
        if mentor.status is MentorStatus.ACTIVE:
            request_matching(uow, mentor.prison_code)
        return
    open_matches = await uow.matches.open_for_mentor(mentor.mentor_id)
    await carry_out(uow, plan(trigger, mentor.person_id, open_matches), open_matches)
