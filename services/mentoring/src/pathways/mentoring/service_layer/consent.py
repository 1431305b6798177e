"""Consent to mentoring (intake's referral and consent_changed events).

No consent known means not shared: a person is queued and matched only while intake last said
they consent to mentoring. A withdrawal ends their open matches as mentee (`consent_withdrawn`,
once: only open matches end) and takes them off the waiting list (`no_consent`); consent given
again puts them back. Their role as a mentor is not shared under this consent and carries on.
"""

from __future__ import annotations

from uuid import UUID

from pathways.contracts import intake
from pathways.mentoring.domain import MenteeStatus, plan_for_consent_withdrawn
from pathways.mentoring.domain.custody_record import RELEASED
from pathways.mentoring.service_layer.matching import request_matching
from pathways.mentoring.service_layer.rematching import carry_out
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.messaging.incoming import Incoming


def allows_mentoring(consent: intake.SharingConsent | None) -> bool:
    """A referral written before consent was in the contract (None) shares nothing."""
    return consent is not None and consent.mentoring


async def withdraw(uow: MentoringUnitOfWork, person_id: UUID) -> None:
    """End the person's open matches as mentee and take them off the waiting list."""
    open_matches = await uow.matches.open_for_person(person_id)
    await carry_out(uow, plan_for_consent_withdrawn(person_id, open_matches), open_matches)
    mentee = await uow.mentees.find(person_id)
    if mentee is not None and mentee.status is not MenteeStatus.NO_CONSENT:
        mentee.consent_withdrawn()
        await uow.mentees.save(mentee)


async def on_consent_changed(incoming: Incoming, uow: MentoringUnitOfWork) -> None:
    data: intake.ConsentChanged = incoming.data
    record = await uow.people.get(data.person_id)
    allowed = allows_mentoring(data.consent)
    applies = record.decide_consent(allowed, data.changed_at)  # an older change is only noted
    record.note(data.event_type, data.changed_at, applied=applies)
    await uow.people.save(record)
    if not applies:
        return
    if not allowed:
        await withdraw(uow, data.person_id)
        return
    mentee = await uow.mentees.find(data.person_id)
    if mentee is not None and mentee.status is MenteeStatus.NO_CONSENT:
        mentee.consent_given(released=record.custody == RELEASED)
        await uow.mentees.save(mentee)
        if mentee.is_waiting and mentee.prison_code:
            request_matching(uow, mentee.prison_code)
