"""Referrals: opened automatically (release, ROTL) or by hand; opportunities are offered,
then accepted or declined. Eligibility is checked when the placement starts, not at offer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.placements.domain import events as ev
from pathways.placements.domain.providers import Opportunity
from pathways.placements.domain.triggers import Trigger
from pathways.platform.checks import not_before, require_text, to_enum
from pathways.platform.errors import Conflict, NotFound


class ReferralStatus(StrEnum):
    OPEN = "open"
    PLACED = "placed"
    CLOSED = "closed"


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass
class Offer:
    opportunity_id: UUID
    offered_on: date
    status: OfferStatus = OfferStatus.OFFERED
    answered_on: date | None = None
    offer_id: UUID = field(default_factory=uuid4)


@dataclass
class Referral:
    person_id: UUID
    trigger: Trigger
    opened_on: date
    status: ReferralStatus = ReferralStatus.OPEN
    offers: list[Offer] = field(default_factory=list)
    placement_id: UUID | None = None
    closed_reason: str | None = None
    referral_id: UUID = field(default_factory=uuid4)
    events: list[ev.PlacementsEvent] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def open(cls, person_id: UUID, trigger: Trigger, opened_on: date) -> Referral:
        """A new referral (records ReferralCreated). For manual ones see `open_manual`."""
        referral = cls(person_id, to_enum(Trigger, trigger, "trigger"), opened_on)
        referral.events.append(
            ev.ReferralCreated(referral.referral_id, person_id, referral.trigger)
        )
        return referral

    @classmethod
    def open_manual(
        cls, person_id: UUID, opened_on: date, existing: Iterable[Referral]
    ) -> Referral:
        """A coordinator's referral; refused while the person has another open referral."""
        for other in existing:
            if other.person_id == person_id and other.status is ReferralStatus.OPEN:
                raise Conflict(
                    f"person already has an open referral {other.referral_id}",
                    code="referral_already_open",
                )
        return cls.open(person_id, Trigger.MANUAL, opened_on)

    def offer(self, offer_id: UUID) -> Offer:
        for offer in self.offers:
            if offer.offer_id == offer_id:
                return offer
        raise NotFound(f"no offer {offer_id} on referral {self.referral_id}", code="no_offer")

    @property
    def accepted_offer(self) -> Offer | None:
        return next((o for o in self.offers if o.status is OfferStatus.ACCEPTED), None)

    def make_offer(self, opportunity: Opportunity, offered_on: date) -> Offer:
        """Offer an open opportunity; one offer at a time (answered before the next)."""
        self.ensure_open()
        opportunity.ensure_open()
        not_before(
            offered_on, self.opened_on, "offered_on", "the referral", "offer_before_referral"
        )
        for other in self.offers:
            if other.status is not OfferStatus.DECLINED:
                raise Conflict(
                    f"referral {self.referral_id} already has an {other.status.value} offer "
                    f"{other.offer_id}",
                    code=f"offer_already_{other.status.value}",
                )
        offer = Offer(opportunity.opportunity_id, offered_on)
        self.offers.append(offer)
        self._record(ev.OfferMade, offer)
        return offer

    def accept_offer(self, offer_id: UUID, on: date) -> Offer:
        return self._answer(offer_id, on, OfferStatus.ACCEPTED)

    def decline_offer(self, offer_id: UUID, on: date) -> Offer:
        return self._answer(offer_id, on, OfferStatus.DECLINED)

    def mark_placed(self, placement_id: UUID) -> None:
        """Called by `start_placement` once the placement starts."""
        self.ensure_open()
        self.status, self.placement_id = ReferralStatus.PLACED, placement_id

    def close(self, reason: str) -> None:
        """Close the referral (e.g. placement ended, person declined, no longer eligible)."""
        if self.status is ReferralStatus.CLOSED:
            raise Conflict(f"referral {self.referral_id} is already closed", code="referral_closed")
        self.status, self.closed_reason = ReferralStatus.CLOSED, require_text(reason, "reason")
        self.events.append(ev.ReferralClosed(self.referral_id, self.person_id, self.closed_reason))

    def _answer(self, offer_id: UUID, on: date, answer: OfferStatus) -> Offer:
        self.ensure_open()
        offer = self.offer(offer_id)
        if offer.status is not OfferStatus.OFFERED:
            raise Conflict(
                f"offer {offer_id} was already {offer.status.value}", code="offer_already_answered"
            )
        not_before(on, offer.offered_on, "answered_on", "the offer", "answer_before_offer")
        offer.status, offer.answered_on = answer, on
        self._record(
            ev.OfferAccepted if answer is OfferStatus.ACCEPTED else ev.OfferDeclined, offer
        )
        return offer

    def _record(self, event: type, offer: Offer) -> None:
        self.events.append(
            event(self.referral_id, self.person_id, offer.offer_id, offer.opportunity_id)
        )

    def ensure_open(self) -> None:
        if self.status is not ReferralStatus.OPEN:
            raise Conflict(
                f"referral {self.referral_id} is {self.status.value}, not open",
                code=f"referral_{self.status.value}",
            )
