"""Referral to the programme: source, substances, urgency and consent to share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from pathways.platform.errors import InvalidInput


class ReferralSource(StrEnum):
    """Who referred the person."""

    RECEPTION_SCREENING = "reception_screening"
    HEALTHCARE = "healthcare"
    SELF = "self"
    STAFF = "staff"


class Substance(StrEnum):
    """Substances a referral can name (closed list)."""

    ALCOHOL = "alcohol"
    OPIATES = "opiates"
    CRACK = "crack"
    COCAINE = "cocaine"
    AMPHETAMINES = "amphetamines"
    CANNABIS = "cannabis"
    BENZODIAZEPINES = "benzodiazepines"
    SYNTHETIC_CANNABINOIDS = "synthetic_cannabinoids"  # "spice"
    OTHER = "other"


class Urgency(StrEnum):
    """How soon the programme must see the person."""

    ROUTINE = "routine"
    URGENT = "urgent"
    IMMEDIATE = "immediate"


class ConsentRecipient(StrEnum):
    """Who information may be shared with; consent is recorded per recipient."""

    MENTORING = "mentoring"
    FAMILY = "family"
    PLACEMENTS = "placements"
    COMMUNITY_TREATMENT = "community_treatment"
    PROBATION = "probation"


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent (granted or refused) to share with one recipient, as recorded on a date."""

    recipient: ConsentRecipient
    granted: bool
    recorded_on: date


@dataclass(frozen=True, slots=True)
class Referral:
    """A referral. Substances are kept in the closed-enum order; no consent means not shared."""

    referral_id: uuid.UUID
    referred_on: date
    source: ReferralSource
    substances: tuple[Substance, ...]
    urgency: Urgency
    consents: tuple[Consent, ...] = ()

    @classmethod
    def create(
        cls,
        *,
        referred_on: date,
        source: ReferralSource,
        substances: Iterable[Substance],
        urgency: Urgency = Urgency.ROUTINE,
        consents: Iterable[Consent] = (),
        referral_id: uuid.UUID | None = None,
    ) -> Referral:
        """Validate: at least one substance, one consent per recipient at most."""
        unique = set(substances)
        if not unique:
            raise InvalidInput("a referral must name at least one substance", code="no_substances")
        consent_list = list(consents)
        recipients = [c.recipient for c in consent_list]
        duplicates = sorted({r.value for r in recipients if recipients.count(r) > 1})
        if duplicates:
            raise InvalidInput(
                f"consent is recorded more than once for: {', '.join(duplicates)}",
                code="duplicate_consent",
            )
        return cls(
            referral_id=referral_id or uuid.uuid4(),
            referred_on=referred_on,
            source=ReferralSource(source),
            substances=tuple(s for s in Substance if s in unique),
            urgency=Urgency(urgency),
            consents=_in_recipient_order(consent_list),
        )

    def may_share_with(self, recipient: ConsentRecipient) -> bool:
        """True only when consent to `recipient` was recorded and granted."""
        return any(c.recipient is recipient and c.granted for c in self.consents)

    @property
    def allowed(self) -> frozenset[ConsentRecipient]:
        """The recipients consent allows sharing with."""
        return frozenset(r for r in ConsentRecipient if self.may_share_with(r))

    def with_consent(self, consent: Consent) -> Referral:
        """A copy with `consent` replacing any earlier consent for the same recipient."""
        others = [c for c in self.consents if c.recipient is not consent.recipient]
        return replace(self, consents=_in_recipient_order([*others, consent]))


def _in_recipient_order(consents: Iterable[Consent]) -> tuple[Consent, ...]:
    order = list(ConsentRecipient)
    return tuple(sorted(consents, key=lambda c: order.index(c.recipient)))
