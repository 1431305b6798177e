"""Automatic referrals, opened exactly once whatever the order or repetition of events.

`referrals_to_open` is a pure function of the accumulated PersonState, including the keys of
the triggers already opened: a qualification arriving after the release, or a release
delivered twice, gives the same single referral.
- release: a qualified mentor currently released; one referral per release (keyed by time).
- rotl: a qualified mentor currently on a ROTL-kind absence (rotl_day, rotl_overnight); one
  referral per custody period, not one per day out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pathways.placements.domain.person import CustodyStatus, PersonState
from pathways.platform.checks import local_date


class Trigger(StrEnum):
    RELEASE = "release"
    ROTL = "rotl"
    MANUAL = "manual"


@dataclass(frozen=True)
class TriggerOccurrence:
    """One automatic trigger; `key` identifies the release or custody period it belongs to,
    `due_on` the day it became due (the release or ROTL day, or the award if that came later),
    so a referral replayed or heard of late still carries the day it belongs to."""

    trigger: Trigger
    key: str
    due_on: date


def referrals_to_open(person: PersonState) -> list[TriggerOccurrence]:
    """The automatic referrals the current state calls for and that are not opened yet."""
    if not person.is_qualified or person.refuses_placements:
        return []  # consent given again later: the triggers still due open then
    wanted: list[TriggerOccurrence] = []
    if person.status is CustodyStatus.RELEASED and person.release is not None:
        key = f"release:{person.release.released_at.isoformat()}"
        on = max(local_date(person.release.released_at), person.qualified_on)
        wanted.append(TriggerOccurrence(Trigger.RELEASE, key, on))
    if person.status is CustodyStatus.ON_ROTL and person.absence and person.absence.is_rotl:
        on = max(local_date(person.absence.starts_at), person.qualified_on)
        wanted.append(TriggerOccurrence(Trigger.ROTL, f"rotl:period-{person.period}", on))
    return [occurrence for occurrence in wanted if occurrence.key not in person.opened_triggers]


def claim_referral_triggers(person: PersonState) -> list[TriggerOccurrence]:
    """`referrals_to_open`, marking them opened: open one Referral for each returned item in
    the same transaction that saves the state."""
    due = referrals_to_open(person)
    person.opened_triggers.update(occurrence.key for occurrence in due)
    return due
