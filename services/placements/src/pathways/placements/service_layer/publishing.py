"""Domain events → the public contract (pathways.contracts.placements). Offer events and
hours entries stay internal: the contract does not carry them."""

from __future__ import annotations

from pathways.contracts import placements as contract
from pathways.contracts.envelope import EventData
from pathways.messaging import work
from pathways.messaging.work import AbstractUnitOfWork
from pathways.placements.domain import events as ev

PUBLISHED: tuple[type[EventData], ...] = contract.EVENTS


def to_contract(event: ev.PlacementsEvent) -> EventData | None:
    match event:
        case ev.ReferralCreated():
            return contract.ReferralCreated(
                referral_id=event.referral_id,
                person_id=event.person_id,
                trigger=contract.ReferralTrigger(event.trigger.value),
            )
        case ev.PlacementStarted():
            return contract.PlacementStarted(
                placement_id=event.placement_id,
                person_id=event.person_id,
                provider_id=event.provider_id,
                starts_on=event.starts_on,
                on_rotl=event.on_rotl,
            )
        case ev.PlacementEnded():
            return contract.PlacementEnded(
                placement_id=event.placement_id,
                person_id=event.person_id,
                outcome=event.outcome.value,
                hours=float(event.hours),
            )
        case ev.OutcomeRecorded():
            return contract.OutcomeRecorded(
                person_id=event.person_id,
                weeks_after_release=event.weeks_after_release,  # type: ignore[arg-type]
                status=contract.OutcomeStatus(event.status.value),
                released_at=event.released_at,
            )
    return None


def publish(uow: AbstractUnitOfWork, *sources: list[ev.PlacementsEvent]) -> None:
    """Queue the contract events for `sources` (aggregates' `events` lists) and clear them."""
    work.publish(uow, to_contract, *sources)
