"""Re-matching rules: which matches a custody or mentor event ends, and who waits again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pathways.mentoring.domain.match import EndReason, Match
from pathways.mentoring.domain.mentee import Mentee
from pathways.mentoring.domain.vocabulary import MentorStatus, MentorStatusReason


class Trigger(StrEnum):
    MENTEE_RELEASED = "mentee_released"
    MENTEE_TRANSFERRED = "mentee_transferred"
    MENTOR_RELEASED = "mentor_released"
    MENTOR_TRANSFERRED = "mentor_transferred"
    MENTOR_SUSPENDED = "mentor_suspended"
    MENTOR_LEFT = "mentor_left"


_MENTEE_TRIGGERS = frozenset({Trigger.MENTEE_RELEASED, Trigger.MENTEE_TRANSFERRED})

#: After a match ends for one of these reasons the mentee still needs a mentor.
REQUEUE_REASONS = frozenset(EndReason) - {
    EndReason.COMPLETED,
    EndReason.MENTEE_RELEASED,
    EndReason.MENTEE_TRANSFERRED,
    EndReason.CONSENT_WITHDRAWN,
}


@dataclass(frozen=True)
class MatchEnding:
    match_id: UUID
    reason: EndReason


@dataclass(frozen=True)
class RematchPlan:
    """Matches to end (with reasons) and mentees to put back in the queue, then match again."""

    endings: tuple[MatchEnding, ...] = ()
    back_to_waiting: tuple[UUID, ...] = ()

    def __add__(self, other: RematchPlan) -> RematchPlan:
        return RematchPlan(
            self.endings + other.endings,
            tuple(dict.fromkeys(self.back_to_waiting + other.back_to_waiting)),
        )

    def apply(
        self, matches: Mapping[UUID, Match], mentees: Mapping[UUID, Mentee], at: datetime
    ) -> None:
        """End the matches and re-queue the mentees (mentees not known here are skipped)."""
        for ending in self.endings:
            matches[ending.match_id].end(ending.reason, at)
        for person_id in self.back_to_waiting:
            if (mentee := mentees.get(person_id)) is not None:
                mentee.back_to_waiting()


def plan(trigger: Trigger, person_id: UUID, matches: Iterable[Match]) -> RematchPlan:
    """Open matches of `person_id` in the role the trigger names, ended with its reason.

    Only open matches are listed, so applying a plan and planning again yields nothing:
    a redelivered event ends nothing twice.
    """
    reason = EndReason(trigger.value)
    as_mentee = trigger in _MENTEE_TRIGGERS
    ending = [
        m
        for m in matches
        if m.is_open and (m.mentee_person_id if as_mentee else m.mentor_person_id) == person_id
    ]
    requeue = () if reason not in REQUEUE_REASONS else tuple(m.mentee_person_id for m in ending)
    return RematchPlan(tuple(MatchEnding(m.match_id, reason) for m in ending), requeue)


def plan_for_release(person_id: UUID, matches: Iterable[Match]) -> RematchPlan:
    """A released person leaves every match, as mentee and as mentor."""
    matches = list(matches)
    return plan(Trigger.MENTEE_RELEASED, person_id, matches) + plan(
        Trigger.MENTOR_RELEASED, person_id, matches
    )


def plan_for_transfer(person_id: UUID, matches: Iterable[Match]) -> RematchPlan:
    """A transferred person leaves every match here, as mentee and as mentor."""
    matches = list(matches)
    return plan(Trigger.MENTEE_TRANSFERRED, person_id, matches) + plan(
        Trigger.MENTOR_TRANSFERRED, person_id, matches
    )


def plan_for_new_custody_period(person_id: UUID, matches: Iterable[Match]) -> RematchPlan:
    """A new custody period closes the person's matches of the old one (both roles); the
    mentees of the person as mentor wait again."""
    ending = [
        m for m in matches if m.is_open and person_id in (m.mentee_person_id, m.mentor_person_id)
    ]
    requeue = tuple(m.mentee_person_id for m in ending if m.mentee_person_id != person_id)
    return RematchPlan(
        tuple(MatchEnding(m.match_id, EndReason.NEW_CUSTODY_PERIOD) for m in ending), requeue
    )


def plan_for_consent_withdrawn(person_id: UUID, matches: Iterable[Match]) -> RematchPlan:
    """Withdrawn consent to mentoring ends the person's open matches as mentee (their work as
    a mentor is not shared under it); they do not wait again."""
    ending = [m for m in matches if m.is_open and m.mentee_person_id == person_id]
    return RematchPlan(tuple(MatchEnding(m.match_id, EndReason.CONSENT_WITHDRAWN) for m in ending))


def trigger_for_mentor(status: MentorStatus, reason: MentorStatusReason | None) -> Trigger | None:
    """The trigger a mentor's new status implies (None: their matches carry on)."""
    if status is MentorStatus.SUSPENDED:
        return Trigger.MENTOR_SUSPENDED
    if status is not MentorStatus.LEFT:
        return None
    if reason is MentorStatusReason.RELEASED:
        return Trigger.MENTOR_RELEASED
    if reason is MentorStatusReason.TRANSFERRED:
        return Trigger.MENTOR_TRANSFERRED
    return Trigger.MENTOR_LEFT


def waits_again(reason: EndReason) -> bool:
    """Whether the mentee goes back to the queue after a match ends for `reason`."""
    return reason in REQUEUE_REASONS
