"""Consent to family work (intake's referral and consent_changed events).

A case opens only for a person intake says consents to family work (409 `no_consent`; a
referral written before consent was in the contract, or none at all, is not consent). A
withdrawal cancels the open follow-ups (`consent_withdrawn`) and plans no more: the case stays
as the family team's own record. Consent given again puts the case back into planning, so the
follow-ups still due are scheduled.
"""

from __future__ import annotations

from datetime import datetime

from pathways.contracts import intake
from pathways.family.service_layer.publishing import publish
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.messaging.incoming import Incoming
from pathways.platform import clock


async def _apply(incoming: Incoming, uow: FamilyUnitOfWork, allowed: bool, at: datetime) -> None:
    person_id = incoming.data.person_id
    if not await uow.people.record_consent(person_id, allowed, at, incoming.event_type):
        return  # an older fact than the one kept
    case = await uow.cases.for_person(person_id)
    plan = await uow.plans.get(person_id)
    if case is None or plan is None:
        return
    if not allowed:
        plan.consent_withdrawn()
    elif plan.case is None:
        plan.attach_case(case.case_id, case.worker, case.opened_on)
    await uow.plans.save(plan)
    publish(uow, plan.events)


async def on_person_referred(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: intake.PersonReferred = incoming.data
    allowed = data.consent is not None and data.consent.family
    await _apply(incoming, uow, allowed, incoming.occurred_at or clock.now())


async def on_consent_changed(incoming: Incoming, uow: FamilyUnitOfWork) -> None:
    data: intake.ConsentChanged = incoming.data
    await _apply(incoming, uow, data.consent.family, data.changed_at)


HANDLERS = {
    intake.PersonReferred.event_type: on_person_referred,
    intake.ConsentChanged.event_type: on_consent_changed,
}
