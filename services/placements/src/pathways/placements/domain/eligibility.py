"""Eligibility for a placement: a qualified peer mentor, released or on ROTL, with an approved
risk assessment and a disclosure check at least at the level the role needs."""

from __future__ import annotations

from enum import StrEnum

from pathways.placements.domain.person import CustodyStatus, PersonState, RiskOutcome
from pathways.placements.domain.providers import DisclosureLevel
from pathways.platform.errors import Conflict


class Ineligibility(StrEnum):
    """Why a person cannot take a role now (stable codes, in checking order)."""

    NOT_QUALIFIED_MENTOR = "not_qualified_mentor"
    IN_CUSTODY = "in_custody"
    ABSENCE_NOT_ROTL = "absence_not_rotl"
    RISK_ASSESSMENT_MISSING = "risk_assessment_missing"
    RISK_ASSESSMENT_REFUSED = "risk_assessment_refused"
    DISCLOSURE_CHECK_INSUFFICIENT = "disclosure_check_insufficient"


def eligibility_reasons(
    person: PersonState, required_disclosure: DisclosureLevel = DisclosureLevel.NONE
) -> list[Ineligibility]:
    """Every reason `person` cannot take a role needing `required_disclosure` (empty: eligible)."""
    reasons: list[Ineligibility] = []
    if not person.is_qualified:
        reasons.append(Ineligibility.NOT_QUALIFIED_MENTOR)
    if person.status is CustodyStatus.IN_CUSTODY:
        reasons.append(Ineligibility.IN_CUSTODY)
    elif person.status is CustodyStatus.ON_ROTL and not (person.absence and person.absence.is_rotl):
        reasons.append(Ineligibility.ABSENCE_NOT_ROTL)
    if person.risk_assessment is None:
        reasons.append(Ineligibility.RISK_ASSESSMENT_MISSING)
    elif person.risk_assessment.outcome is not RiskOutcome.APPROVED:
        reasons.append(Ineligibility.RISK_ASSESSMENT_REFUSED)
    obtained = person.disclosure.level if person.disclosure else DisclosureLevel.NONE
    if not obtained.covers(required_disclosure):
        reasons.append(Ineligibility.DISCLOSURE_CHECK_INSUFFICIENT)
    return reasons


def is_eligible(
    person: PersonState, required_disclosure: DisclosureLevel = DisclosureLevel.NONE
) -> bool:
    return not eligibility_reasons(person, required_disclosure)


class NotEligible(Conflict):
    """Conflict whose `code` is the first reason; `reasons` holds them all."""

    def __init__(self, reasons: list[Ineligibility]) -> None:
        listed = ", ".join(reason.value for reason in reasons)
        super().__init__(
            f"person is not eligible for this placement: {listed}", code=reasons[0].value
        )
        self.reasons = reasons


def ensure_eligible(
    person: PersonState, required_disclosure: DisclosureLevel = DisclosureLevel.NONE
) -> None:
    """Raise NotEligible when any eligibility rule fails."""
    reasons = eligibility_reasons(person, required_disclosure)
    if reasons:
        raise NotEligible(reasons)
