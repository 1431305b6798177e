"""Community-treatment handover events, published by intake on `pathways.intake` (issue 16).

The recovery team refers a person with a release plan to the community treatment provider
of their destination area; the provider's first attendance (or a did-not-attend, or a
refusal) is recorded later. Thin: ids, dates, the provider's code and the outcome only —
never the substances, the area's name or notes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from pathways.contracts.envelope import EventData

PRISON_CODE = r"^[A-Z]{3}$"
PROVIDER_CODE = r"^[A-Z0-9][A-Z0-9-]{1,19}$"


class NotEngagedOutcome(StrEnum):
    DID_NOT_ATTEND = "did_not_attend"
    DECLINED = "declined"


class CommunityTreatmentReferred(EventData):
    """Referred to `provider_code` for after the release: the person now awaits a first
    attendance (`appointment_on` when one was offered). Sent again with the same
    `handover_id` when the referral changes before an attendance (another provider, an
    appointment offered or rebooked): the newest one is in force."""

    event_type = "intake.community_treatment.referred.v1"
    person_id: UUID
    handover_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE, description="the prison referring")
    provider_code: str = Field(pattern=PROVIDER_CODE)
    referred_on: date
    appointment_on: date | None = Field(
        default=None, description="the first appointment offered; null when none yet"
    )


class CommunityTreatmentEngaged(EventData):
    """The person attended the provider for the first time on `attended_on`: engaged with
    community treatment (the handover is closed; sent once per handover)."""

    event_type = "intake.community_treatment.engaged.v1"
    person_id: UUID
    handover_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE, description="the prison released from")
    provider_code: str = Field(pattern=PROVIDER_CODE)
    attended_on: date


class CommunityTreatmentNotEngaged(EventData):
    """On `recorded_on` the provider reported a did-not-attend, or the person declined: not
    engaged as of that day. The handover stays open: a later `engaged` event for the same
    handover (a rebooked appointment attended) supersedes this one."""

    event_type = "intake.community_treatment.not_engaged.v1"
    person_id: UUID
    handover_id: UUID
    prison_code: str = Field(pattern=PRISON_CODE, description="the prison released from")
    provider_code: str = Field(pattern=PROVIDER_CODE)
    outcome: NotEngagedOutcome
    recorded_on: date


EVENTS: tuple[type[EventData], ...] = (
    CommunityTreatmentReferred,
    CommunityTreatmentEngaged,
    CommunityTreatmentNotEngaged,
)
