"""Hard exclusions: pairs the matching engine (and a coordinator) must never make."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from pathways.mentoring.domain.match import Match
from pathways.mentoring.domain.mentee import Mentee, MenteeStatus
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.non_associations import NonAssociations, PersonPair
from pathways.mentoring.domain.vocabulary import MentorStatus
from pathways.platform.errors import Conflict, DomainError, InvalidInput


class Exclusion(StrEnum):
    """Why a pair is forbidden; the value is also the error code `ensure_pair` raises."""

    SAME_PERSON = "same_person"
    DIFFERENT_PRISON = "different_prison"
    MENTOR_NOT_QUALIFIED = "mentor_not_qualified"
    MENTOR_NOT_ACTIVE = "mentor_not_active"
    MENTOR_AT_CAPACITY = "mentor_at_capacity"
    NON_ASSOCIATION = "non_association"
    ENDED_BADLY_BEFORE = "ended_badly_before"
    MENTEE_NOT_WAITING = "mentee_not_waiting"
    NO_CONSENT = "no_consent"


@dataclass(frozen=True)
class MatchingContext:
    """Facts beyond the two people: open matches per mentor, non-associations, bad endings."""

    loads: Mapping[UUID, int] = field(default_factory=dict)
    non_associations: NonAssociations = field(default_factory=NonAssociations)
    barred_pairs: frozenset[PersonPair] = frozenset()

    def load_of(self, mentor: Mentor) -> int:
        return self.loads.get(mentor.mentor_id, 0)

    def is_barred(self, first: UUID, second: UUID) -> bool:
        return frozenset((first, second)) in self.barred_pairs

    @classmethod
    def from_matches(
        cls, matches: Iterable[Match], non_associations: NonAssociations | None = None
    ) -> MatchingContext:
        """Derive loads (open matches) and barred pairs (ended badly) from match history."""
        loads: dict[UUID, int] = {}
        barred: set[PersonPair] = set()
        for match in matches:
            if match.is_open:
                loads[match.mentor_id] = loads.get(match.mentor_id, 0) + 1
            if match.ended_badly:
                barred.add(frozenset((match.mentor_person_id, match.mentee_person_id)))
        return cls(loads, non_associations or NonAssociations(), frozenset(barred))


def exclusions(mentor: Mentor, mentee: Mentee, context: MatchingContext) -> list[Exclusion]:
    """Every hard rule the pair breaks (empty: the pair may be matched)."""
    found: list[Exclusion] = []
    if mentee.status is MenteeStatus.NO_CONSENT:  # the first reason staff are told
        found.append(Exclusion.NO_CONSENT)
    if mentor.person_id == mentee.person_id:
        found.append(Exclusion.SAME_PERSON)
    if mentee.prison_code != mentor.prison_code:
        found.append(Exclusion.DIFFERENT_PRISON)
    if not mentor.is_qualified:
        found.append(Exclusion.MENTOR_NOT_QUALIFIED)
    if mentor.status is not MentorStatus.ACTIVE:
        found.append(Exclusion.MENTOR_NOT_ACTIVE)
    if mentor.remaining_capacity(context.load_of(mentor)) == 0:
        found.append(Exclusion.MENTOR_AT_CAPACITY)
    if context.non_associations.forbids(mentor.person_id, mentee.person_id):
        found.append(Exclusion.NON_ASSOCIATION)
    if context.is_barred(mentor.person_id, mentee.person_id):
        found.append(Exclusion.ENDED_BADLY_BEFORE)
    if not mentee.is_waiting and mentee.status is not MenteeStatus.NO_CONSENT:
        found.append(Exclusion.MENTEE_NOT_WAITING)
    return found


def describe(exclusion: Exclusion, mentor: Mentor, mentee: Mentee, context: MatchingContext) -> str:
    """A sentence saying exactly why the pair is excluded."""
    match exclusion:
        case Exclusion.SAME_PERSON:
            return "a person cannot mentor themselves"
        case Exclusion.DIFFERENT_PRISON:
            where = mentee.prison_code or "an unknown prison"
            return f"mentor is at {mentor.prison_code} but mentee is at {where}"
        case Exclusion.MENTOR_NOT_QUALIFIED:
            return f"mentor {mentor.mentor_id} is not qualified"
        case Exclusion.MENTOR_NOT_ACTIVE:
            return f"mentor {mentor.mentor_id} is {mentor.status}, not active"
        case Exclusion.MENTOR_AT_CAPACITY:
            load = context.load_of(mentor)
            return f"mentor {mentor.mentor_id} is at capacity ({load}/{mentor.capacity})"
        case Exclusion.NON_ASSOCIATION:
            return "a non-association forbids these two people from meeting"
        case Exclusion.ENDED_BADLY_BEFORE:
            return "an earlier match between these two people ended badly"
        case Exclusion.MENTEE_NOT_WAITING:
            return f"mentee {mentee.person_id} is {mentee.status}, not waiting"
        case Exclusion.NO_CONSENT:
            return f"person {mentee.person_id} has not consented to mentoring"


_INVALID = frozenset({Exclusion.SAME_PERSON, Exclusion.DIFFERENT_PRISON})


def ensure_pair(mentor: Mentor, mentee: Mentee, context: MatchingContext) -> None:
    """Raise the first broken hard rule: InvalidInput (same person, different prison) or
    Conflict (status, capacity, non-association, ended badly); code = the exclusion value."""
    if found := exclusions(mentor, mentee, context):
        first = found[0]
        error: type[DomainError] = InvalidInput if first in _INVALID else Conflict
        raise error(describe(first, mentor, mentee, context), code=first.value)
