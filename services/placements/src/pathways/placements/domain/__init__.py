"""Pure domain model of the placements service (no I/O).

- providers: Provider, Opportunity, DisclosureLevel.
- person.PersonState: eligibility facts fed from events; eligibility: rules and reasons.
- triggers: automatic referrals opened exactly once (`referrals_to_open`).
- referrals.Referral (offers), placement.Placement / start_placement, outcomes.OutcomeLog.
"""

from __future__ import annotations

from pathways.placements.domain.eligibility import (
    Ineligibility,
    NotEligible,
    eligibility_reasons,
    ensure_eligible,
    is_eligible,
)
from pathways.placements.domain.outcome_types import OutcomeStatus, WeekMark
from pathways.placements.domain.outcomes import (
    DueOutcome,
    OutcomeLog,
    OutcomeRecord,
    due_on,
    outcomes_falling_due,
)
from pathways.placements.domain.person import (
    ROTL_KINDS,
    AbsenceKind,
    CustodyStatus,
    DisclosureCheck,
    PersonState,
    Release,
    RiskAssessment,
    RiskOutcome,
    TemporaryAbsence,
)
from pathways.placements.domain.placement import HoursEntry, Placement, start_placement
from pathways.placements.domain.placement_types import (
    MAX_HOURS_PER_DAY,
    PlacementOutcome,
    PlacementStatus,
    to_hours,
)
from pathways.placements.domain.providers import DisclosureLevel, Opportunity, Provider
from pathways.placements.domain.referrals import Offer, OfferStatus, Referral, ReferralStatus
from pathways.placements.domain.triggers import (
    Trigger,
    TriggerOccurrence,
    claim_referral_triggers,
    referrals_to_open,
)

__all__ = [
    "MAX_HOURS_PER_DAY",
    "ROTL_KINDS",
    "AbsenceKind",
    "CustodyStatus",
    "DisclosureCheck",
    "DisclosureLevel",
    "DueOutcome",
    "HoursEntry",
    "Ineligibility",
    "NotEligible",
    "Offer",
    "OfferStatus",
    "Opportunity",
    "OutcomeLog",
    "OutcomeRecord",
    "OutcomeStatus",
    "PersonState",
    "Placement",
    "PlacementOutcome",
    "PlacementStatus",
    "Provider",
    "Referral",
    "ReferralStatus",
    "Release",
    "RiskAssessment",
    "RiskOutcome",
    "TemporaryAbsence",
    "Trigger",
    "TriggerOccurrence",
    "WeekMark",
    "claim_referral_triggers",
    "due_on",
    "eligibility_reasons",
    "ensure_eligible",
    "is_eligible",
    "outcomes_falling_due",
    "referrals_to_open",
    "start_placement",
    "to_hours",
]
