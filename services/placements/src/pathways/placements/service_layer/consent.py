"""Consent to placements (intake's referral and consent_changed events).

A person intake says refuses placements gets no referral, automatic or by hand (409
`no_consent`); a withdrawal closes their open referrals (reason `consent_withdrawn`, once:
closed ones are skipped). A placement already started carries on: it is the person's own job
or course, and ending it is their and the provider's choice. Consent given again lets the
triggers still due open their referral. A person intake never said anything about (a mentor
who was never referred to the programme) is not refused.
"""

from __future__ import annotations

from datetime import datetime

from pathways.contracts import intake
from pathways.messaging.incoming import Incoming
from pathways.placements.domain import PersonState, ReferralStatus
from pathways.placements.service_layer.event_handlers import CONSUMER_ACTOR, apply_to_person
from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform import clock

CONSENT_WITHDRAWN = "consent_withdrawn"


async def _apply(
    incoming: Incoming, uow: PlacementsUnitOfWork, consent: intake.SharingConsent, at: datetime
) -> None:
    person_id, refused = incoming.data.person_id, []

    def record(person: PersonState) -> None:
        person.record_consent(consent.placements, at)
        refused.append(person.refuses_placements)

    await apply_to_person(uow, incoming, person_id, record)
    if not refused[0]:
        return
    for referral in await uow.referrals.not_closed_of(person_id):
        if referral.status is not ReferralStatus.OPEN:
            continue  # placed: the placement carries on (see above)
        referral.close(CONSENT_WITHDRAWN)
        await uow.referrals.save(referral)
        publish(uow, referral.events)
        await uow.audit(CONSUMER_ACTOR, "update", "referral:consent_withdrawn", person_id)


async def on_person_referred(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    """Only the consent matters here; a referral written before consent was in the contract
    says nothing about it and changes nothing."""
    data: intake.PersonReferred = incoming.data
    if data.consent is not None:
        await _apply(incoming, uow, data.consent, incoming.occurred_at or clock.now())


async def on_consent_changed(incoming: Incoming, uow: PlacementsUnitOfWork) -> None:
    data: intake.ConsentChanged = incoming.data
    await _apply(incoming, uow, data.consent, data.changed_at)


HANDLERS = {
    intake.PersonReferred.event_type: on_person_referred,
    intake.ConsentChanged.event_type: on_consent_changed,
}
