"""A match's status and why it ended (the contract maps these reasons: publishing.py)."""

from __future__ import annotations

from enum import StrEnum


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    MENTEE_RELEASED = "mentee_released"
    MENTOR_RELEASED = "mentor_released"
    MENTEE_TRANSFERRED = "mentee_transferred"
    MENTOR_TRANSFERRED = "mentor_transferred"
    MENTOR_SUSPENDED = "mentor_suspended"
    MENTOR_LEFT = "mentor_left"
    NEW_CUSTODY_PERIOD = "new_custody_period"  # a reception after a release (or readmission)
    MENTEE_DECLINED = "mentee_declined"
    SAFEGUARDING = "safeguarding"
    COMPLETED = "completed"
    NOT_APPROVED = "not_approved"  # a coordinator turned the proposal down
    CONSENT_WITHDRAWN = "consent_withdrawn"  # the mentee withdrew consent to mentoring


#: A pair that ended for one of these reasons is never proposed again.
ENDED_BADLY = frozenset({EndReason.SAFEGUARDING, EndReason.MENTEE_DECLINED})
