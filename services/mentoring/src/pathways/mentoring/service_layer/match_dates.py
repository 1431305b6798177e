"""When a match began, recorded after the fact (issue 16: match lengths in the story's own
time). A coordinator may give `made_on`, the day the pairing really began: not in the
future, and not before the mentee was here to be matched (their reception, or arrival by
transfer, at this prison, as intake's custody events said) nor before the mentor enrolled.
(The referral is not a limit: mentoring knows only when intake recorded it, and a referral
recorded after the fact would refuse a true date.) Without it the match begins now."""

from __future__ import annotations

from datetime import date, datetime, time

from pathways.mentoring.domain import Mentee, Mentor
from pathways.mentoring.domain.custody_record import IN_CUSTODY
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock
from pathways.platform.checks import PRISON_TIMEZONE
from pathways.platform.errors import InvalidInput


async def began_at(
    uow: MentoringUnitOfWork, made_on: date | None, mentor: Mentor, mentee: Mentee
) -> datetime:
    """The moment the match began: now, or midday (prison time) of `made_on`, checked."""
    now = clock.now()
    if made_on is None:
        return now
    zone = PRISON_TIMEZONE
    today = now.astimezone(zone).date()
    if made_on > today:
        raise InvalidInput(
            f"made_on {made_on} is in the future (today is {today})", code="made_on_in_future"
        )
    record = await uow.people.get(mentee.person_id)
    limits: list[tuple[str, date]] = []
    if record.custody == IN_CUSTODY and record.custody_at is not None:
        arrived = record.custody_at.astimezone(zone).date()
        limits.append(("the mentee's reception (or arrival) at this prison", arrived))
    if mentor.enrolled_on is not None:
        limits.append(("the mentor's enrolment", mentor.enrolled_on))
    for what, earliest in limits:
        if made_on < earliest:
            raise InvalidInput(
                f"made_on {made_on} is before {what} on {earliest}", code="made_on_too_early"
            )
    if made_on == today:
        return now
    return datetime.combine(made_on, time(12), zone)
