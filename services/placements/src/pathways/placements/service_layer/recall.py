"""A reception after a release starts a new custody period (contract.md, "What each custody
event means"): the earlier period's placement work ends. Run by the consumer's handler in
the same transaction that saves the person."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pathways.placements.service_layer.publishing import publish
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.checks import local_date
from pathways.platform.clock import today

RECALLED = "recalled"


async def end_previous_period(
    uow: PlacementsUnitOfWork, person_id: UUID, received_at: datetime, actor: str
) -> None:
    """End every active placement (outcome `recalled`, its place freed) and close every open
    or placed referral (reason `recalled`); the next release opens its own referral."""
    now = today()
    for placement in await uow.placements.active_of(person_id):
        placement.end_by_recall(local_date(received_at), now)
        await uow.catalogue.free_place(placement.opportunity_id)
        await uow.placements.save(placement)
        publish(uow, placement.events)
        await uow.audit(actor, "update", "placement:recalled", person_id)
    for referral in await uow.referrals.not_closed_of(person_id):
        referral.close(RECALLED)
        await uow.referrals.save(referral)
        publish(uow, referral.events)
        await uow.audit(actor, "update", "referral:recalled", person_id)
