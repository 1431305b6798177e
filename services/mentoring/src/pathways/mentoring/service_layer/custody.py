"""What custody events mean here (contract: "What each custody event means").

- released: the person's matches end (`released`), a mentor leaves the scheme, and their
  mentees are matched to other mentors; the qualification stays with the person.
- transferred: the person is in custody at the new prison, same custody period. Matches at
  the old prison end (`transferred`); a mentee waits there; a mentor keeps training and
  qualification (`qualified` there, not active until a coordinator activates them).
- received after a release (or a new admission): a new custody period. Matches still open
  from the old one end (`new_custody_period`); a qualified mentor is `qualified` again.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pathways.mentoring.domain import (
    Match,
    MentorStatus,
    plan_for_new_custody_period,
    plan_for_release,
    plan_for_transfer,
)
from pathways.mentoring.domain.custody import (
    CustodyChange,
    CustodyFact,
    mentee_after,
    mentor_after,
)
from pathways.mentoring.service_layer.matching import request_matching
from pathways.mentoring.service_layer.publishing import publish
from pathways.mentoring.service_layer.rematching import carry_out
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.platform import clock


async def person_released(
    uow: MentoringUnitOfWork, person_id: UUID, at: datetime | None = None
) -> None:
    """Safe to repeat: it ends nothing twice. `at`: the release's own time (ends matches)."""
    open_matches = await uow.matches.open_for_person(person_id)
    await carry_out(uow, plan_for_release(person_id, open_matches), open_matches, at)
    await _apply(uow, person_id, CustodyFact(CustodyChange.RELEASED, clock.now()), open_matches)


async def person_moved(
    uow: MentoringUnitOfWork,
    person_id: UUID,
    prison_code: str,
    wing: str | None,
    *,
    new_period: bool,
    at: datetime | None = None,
) -> None:
    """In custody at `prison_code` now: after a transfer (`new_period` False) or a reception
    that starts a new custody period. Safe to repeat."""
    open_matches = await uow.matches.open_for_person(person_id)
    if new_period:
        planned = plan_for_new_custody_period(person_id, open_matches)
    else:
        elsewhere = [m for m in open_matches if m.prison_code != prison_code]
        planned = plan_for_transfer(person_id, elsewhere)
    await carry_out(uow, planned, open_matches, at)  # ends the planned matches in place
    change = CustodyChange.NEW_PERIOD if new_period else CustodyChange.TRANSFERRED
    await _apply(uow, person_id, CustodyFact(change, clock.now(), prison_code, wing), open_matches)


async def _apply(
    uow: MentoringUnitOfWork, person_id: UUID, fact: CustodyFact, matches: list[Match]
) -> None:
    mentee = await uow.mentees.find(person_id)
    if mentee is not None:
        still = any(m.is_open and m.mentee_person_id == person_id for m in matches)
        mentee_after(mentee, fact, still_matched=still)
        await uow.mentees.save(mentee)
        if mentee.is_waiting and mentee.prison_code:
            request_matching(uow, mentee.prison_code)
    for mentor in await uow.mentors.for_person(person_id):
        if mentor_after(mentor, fact):
            await uow.mentors.save(mentor)
            publish(uow, [mentor])


async def wing_moved(
    uow: MentoringUnitOfWork, person_id: UUID, prison_code: str, wing: str | None
) -> None:
    """A wing move inside the prison: the mentee's and the mentor's wing follow it."""
    mentee = await uow.mentees.find(person_id)
    if mentee is not None and mentee.prison_code == prison_code:
        mentee.moved_wing(wing)
        await uow.mentees.save(mentee)
        if mentee.is_waiting:
            request_matching(uow, prison_code)
    for mentor in await uow.mentors.for_person(person_id):
        if mentor.status is not MentorStatus.LEFT and mentor.prison_code == prison_code and wing:
            mentor.update_profile(wing=wing)
            await uow.mentors.save(mentor)
