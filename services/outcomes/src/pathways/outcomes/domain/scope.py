"""The question's scope: is this person's event in the asked prison, at that moment?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from pathways.outcomes.domain.custody import Whereabouts
from pathways.outcomes.domain.facts import Fact, Period, end_of


@dataclass(frozen=True)
class Scope:
    period: Period
    whereabouts: Whereabouts
    facts: Sequence[Fact]

    @classmethod
    def of(cls, facts: Sequence[Fact], period: Period) -> Scope:
        return cls(period, Whereabouts(facts), facts)

    def here(self, person: UUID, moment: datetime) -> bool:
        """True when the person was in (or last released from) the asked prison then."""
        wanted = self.period.prison_code
        return wanted is None or self.whereabouts.prison_at(person, moment) == wanted

    def here_on(self, person: UUID, day: date) -> bool:
        return self.here(person, end_of(day, self.period.zone))

    def in_range(self, moment: datetime) -> bool:
        return self.period.contains(self.period.local_day(moment))

    def day(self, moment: datetime) -> date:
        return self.period.local_day(moment)
