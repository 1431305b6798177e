"""The ledgers computed last, remembered per person: a consumer batch needs each person's
ledger before and after its facts, and the next batch naming them (a release brings facts
from four topics within seconds) starts from the same facts. A ledger is a function of the
person's set of facts alone (an event id names one immutable event), so a remembered ledger
is used only for exactly the facts it was computed from: a fact added or erased by anyone
(another replica, a rebuild, a rolled-back batch never stored) is a different set, computed
again. Bounded by entries held (least recently used forgotten first); never written to."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from uuid import UUID

from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import Entries

Compute = Callable[[UUID, Sequence[Fact]], Entries]
MAX_ENTRIES = 200_000  # ~50 MB of ledger entries


class LedgerMemo:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._held = 0
        self._ledgers: OrderedDict[UUID, tuple[frozenset[str], Entries]] = OrderedDict()
        self.hits = self.misses = 0

    def ledger(self, person: UUID, facts: Sequence[Fact], compute: Compute) -> Entries:
        """The person's ledger of exactly these facts (remembered, else computed)."""
        ids = frozenset(f.event_id for f in facts)
        known = self._ledgers.get(person)
        if known is not None and known[0] == ids:
            self.hits += 1
            self._ledgers.move_to_end(person)
            return known[1]
        self.misses += 1
        entries = compute(person, facts)
        self._keep(person, ids, entries)
        return entries

    def _keep(self, person: UUID, ids: frozenset[str], entries: Entries) -> None:
        old = self._ledgers.pop(person, None)
        if old is not None:
            self._held -= len(old[1])
        if len(entries) > self.max_entries:
            return
        self._ledgers[person] = (ids, entries)
        self._held += len(entries)
        while self._held > self.max_entries:
            _, (_, dropped) = self._ledgers.popitem(last=False)
            self._held -= len(dropped)
