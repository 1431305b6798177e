"""Where each person was when, from intake's custody events (received, transferred,
released). Other services' events carry person ids only; they are attributed to the prison
the person was in (or was last released from) at the time of the event."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pathways.contracts import intake
from pathways.outcomes.domain.facts import Fact

# Open (Category D and women's open) prisons; our own list, see the README.
OPEN_PRISONS: frozenset[str] = frozenset(
    {"FDI", "LYI", "HBI", "NSI", "EHI", "SUI", "KMI", "TCI", "KVI", "HDI", "SPI", "UPI"}
    | {"ESI", "AGI"}
)
OPEN_CATEGORIES = frozenset({"D", "FEMALE_OPEN", "YOI_OPEN"})


def is_open_category(category: str) -> bool:
    value = category.strip().upper().replace("CATEGORY ", "").replace("CAT ", "")
    return value in OPEN_CATEGORIES


@dataclass(frozen=True)
class Move:
    at: datetime
    before: str  # the prison before the move (received: the receiving prison)
    after: str  # the prison after it (released: the prison released from, kept for aftercare)
    released: bool = False


def move_of(fact: Fact) -> tuple[UUID, Move] | None:
    data = fact.data
    if isinstance(data, intake.PersonReceived):
        return data.person_id, Move(data.received_at, data.prison_code, data.prison_code)
    if isinstance(data, intake.PersonTransferred):
        return data.person_id, Move(data.transferred_at, data.from_prison_code, data.to_prison_code)
    if isinstance(data, intake.PersonReleased):
        return data.person_id, Move(data.released_at, data.prison_code, data.prison_code, True)
    return None


def hint_of(fact: Fact) -> tuple[UUID, str] | None:
    """A prison named by a non-custody event (used only when no custody event is known)."""
    code = getattr(fact.data, "prison_code", None)
    person = getattr(fact.data, "person_id", None)
    if code and person and not isinstance(fact.data, intake.PersonReleased):
        return person, code
    return None


class Whereabouts:
    """person → prison at a moment, whatever order the facts arrived in."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        moves: dict[UUID, list[Move]] = defaultdict(list)
        self._hints: dict[UUID, str] = {}
        for fact in sorted(facts, key=lambda f: f.occurred_at):
            if found := move_of(fact):
                moves[found[0]].append(found[1])
            elif hint := hint_of(fact):
                self._hints[hint[0]] = hint[1]
        self._moves = {p: sorted(m, key=lambda m: m.at) for p, m in moves.items()}
        self._times = {p: [m.at for m in ms] for p, ms in self._moves.items()}

    def prison_at(self, person: UUID, moment: datetime) -> str | None:
        moves = self._moves.get(person)
        if not moves:
            return self._hints.get(person)
        index = bisect.bisect_right(self._times[person], moment)
        return moves[index - 1].after if index else moves[0].before

    def in_custody_at(self, person: UUID, moment: datetime) -> bool:
        moves = self._moves.get(person)
        if not moves:
            return False
        index = bisect.bisect_right(self._times[person], moment)
        return bool(index) and not moves[index - 1].released
