"""One person's facts as the ledger reads them: their own facts (the mentee's, for match and
session facts) in arrival-independent order, the matches naming them as mentor, and where
they were when. `person_ledger` is the whole ledger of one person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from typing import Any
from uuid import UUID

from pathways.contracts import field_of
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.custody import Whereabouts
from pathways.outcomes.domain.facts import LONDON, ORDER, Fact, Period, end_of, is_a
from pathways.outcomes.domain.scope import Scope

MATCHES = (m.MatchMade, m.MatchEnded)
EVER = Period(None, date(1, 1, 2), date(9999, 12, 30), date.max)  # every day, window closed


def subject_of(data: Any) -> UUID | None:
    """Whose fact it is: the event's person, the mentee for match and session events."""
    return field_of(data, "person_id") or field_of(data, "mentee_person_id")


def mentor_of(data: Any) -> UUID | None:
    """The mentor a match fact names (their load counts it)."""
    if is_a(type(data), MATCHES):
        return data.mentor_person_id
    return None


def local_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def ordered(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=ORDER)


class PersonFacts:
    def __init__(self, person: UUID, facts: Iterable[Fact]) -> None:
        self.person = person
        own: list[Fact] = []
        self.mentored: list[Fact] = []
        for fact in ordered(facts):
            if subject_of(fact.data) == person:
                own.append(fact)
            if mentor_of(fact.data) == person:
                self.mentored.append(fact)
        self.facts = own
        self.whereabouts = Whereabouts(own)
        self._typed: dict[type, list[Fact]] = defaultdict(list)
        for fact in own:
            self._typed[type(fact.data)].append(fact)

    def of(self, kind: type) -> list[tuple[Fact, Any]]:
        return [(f, f.data) for f in self._typed.get(kind, ())]

    def first_of(self, kind: type, key: str) -> list[tuple[Fact, Any]]:
        """The first fact per business id (as `of_type` with a key)."""
        seen: set[object] = set()
        out = []
        for fact, data in self.of(kind):
            ident = getattr(data, key)
            if ident not in seen:
                seen.add(ident)
                out.append((fact, data))
        return out

    @cached_property
    def scope(self) -> Scope:
        """The oracle's scope over this person's facts, for every day (nation-wide)."""
        return Scope(EVER, self.whereabouts, self.facts)

    def prison_at(self, moment: datetime) -> str | None:
        return self.whereabouts.prison_at(self.person, moment)

    def prison_on(self, day: date) -> str | None:
        return self.prison_at(end_of(day))

    def move_days(self) -> list[date]:
        return [local_day(m.at) for m in self.whereabouts._moves.get(self.person, ())]
