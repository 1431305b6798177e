"""Consent to share information, recorded per recipient as a dated history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pathways.platform.checks import optional_text, require_text, to_enum


class Recipient(StrEnum):
    """Who information about the family may be shared with."""

    SOCIAL_SERVICES = "social_services"
    PROBATION = "probation"
    COMMUNITY_TREATMENT = "community_treatment"
    SCHOOL = "school"
    MENTORING = "mentoring"
    PLACEMENTS = "placements"


@dataclass(frozen=True)
class ConsentRecord:
    """One decision by the person: consent to `recipient` granted or withdrawn on a date.

    `scope` says what may be shared (required when granting).
    """

    recipient: Recipient
    granted: bool
    recorded_on: date
    recorded_by: str
    scope: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipient", to_enum(Recipient, self.recipient, "recipient"))
        object.__setattr__(self, "recorded_by", require_text(self.recorded_by, "recorded_by"))
        scope = optional_text(self.scope)
        if self.granted:
            scope = require_text(scope, "consent_scope")
        object.__setattr__(self, "scope", scope)


def current_consent(
    records: Iterable[ConsentRecord], recipient: Recipient, on: date
) -> ConsentRecord | None:
    """The consent in force for `recipient` on day `on`: the latest record dated on or before
    `on` (a later entry wins a same-day tie), or None if granted and since withdrawn/never given.
    """
    latest: ConsentRecord | None = None
    for record in (r for r in records if r.recipient == recipient and r.recorded_on <= on):
        if latest is None or record.recorded_on >= latest.recorded_on:
            latest = record
    return latest if latest is not None and latest.granted else None
