"""What one custody fact does to a mentor and to a mentee (contract: "What each custody
event means"). Matches are ended by the rematching plans; these say where people stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pathways.mentoring.domain.mentee import Mentee, MenteeStatus
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.vocabulary import MentorStatus, MentorStatusReason


class CustodyChange(StrEnum):
    TRANSFERRED = "transferred"  # in custody at the new prison, same custody period
    NEW_PERIOD = "new_period"  # received after a release (or a new admission)
    RECEIVED = "received"  # received again within the period (e.g. a repeat)
    RELEASED = "released"  # the custody period ends


@dataclass(frozen=True)
class CustodyFact:
    change: CustodyChange
    at: datetime
    prison_code: str | None = None
    wing: str | None = None


def mentor_after(mentor: Mentor, fact: CustodyFact) -> bool:
    """Apply the fact to the mentor; True when it changed (and must be saved)."""
    if fact.change is CustodyChange.RELEASED:
        if mentor.status is MentorStatus.LEFT:
            return False
        mentor.leave(MentorStatusReason.RELEASED, fact.at)
        return True
    assert fact.prison_code is not None
    if fact.change is CustodyChange.NEW_PERIOD:
        mentor.moved_prison(fact.prison_code, fact.wing, fact.at, MentorStatusReason.RECEIVED)
        return True
    if mentor.prison_code == fact.prison_code:
        return False  # already here (a repeat, or enrolled here before intake said so)
    mentor.moved_prison(fact.prison_code, fact.wing, fact.at, MentorStatusReason.TRANSFERRED)
    return True


def mentee_after(mentee: Mentee, fact: CustodyFact, *, still_matched: bool) -> None:
    """Apply the fact to the mentee: released, or in custody (waiting unless a match at the
    prison they are in carries on)."""
    if fact.change is CustodyChange.RELEASED:
        mentee.released()
        return
    assert fact.prison_code is not None
    if mentee.status is MenteeStatus.MATCHED and not still_matched:
        mentee.back_to_waiting()
    mentee.received(fact.prison_code, fact.wing)
