"""A person's ledger: what one person contributes to every figure, on which day and for
which scope (their prison then, and the nation). Figures are sums of ledger entries, so
keeping aggregates up to date is adding the difference between a person's ledger after and
before a change (new facts, late or corrected ones, an erasure): incremental, and idempotent
under redelivery (the same facts give the same ledger) and out-of-order arrival (a ledger is
computed from all the person's facts, whatever order they came in).

Three kinds of entry (counters per scope, metric and day, in `adapters/aggregate_tables.py`):
POINT entries count in a range holding their day (`day2`: a second day, for the few figures
that need two: a late follow-up's completion, a repeat's previous day); LEVEL entries are
steps whose running sum up to a day is the figure as of that day (open matches, active
mentors, days clean); WORKER entries are levels per follow-up owner."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

NATIONAL = "*"  # the scope of every prison together
NO_DAY = date(1, 1, 1)  # `day2` of an entry that has no second day
POINT, LEVEL, WORKER = "p", "l", "w"
REPEAT = "~"  # suffix of a distinct count's repeats (see `Ledger.distinct`)

Key = tuple[str, str, str, date, date]  # kind, scope, metric, day, day2
Entries = dict[Key, list[int]]  # key → [n, total]
State = Mapping[tuple[str, str], tuple[int, int]]  # (scope, metric) → (n, total)


def scopes(prison: str | None) -> tuple[str, ...]:
    return (NATIONAL, prison) if prison else (NATIONAL,)


class Ledger:
    def __init__(self) -> None:
        self.entries: Entries = {}

    def add(self, kind: str, scope: str, metric: str, day: date, n: int = 1, total: int = 0,
            day2: date = NO_DAY) -> None:  # fmt: skip
        key = (kind, scope, metric, day, day2)
        known = self.entries.get(key)
        if known is None:
            self.entries[key] = [n, total]
        else:
            known[0] += n
            known[1] += total

    def point(self, prison: str | None, metric: str, day: date, n: int = 1, total: int = 0,
              day2: date = NO_DAY) -> None:  # fmt: skip
        for scope in scopes(prison):
            self.add(POINT, scope, metric, day, n, total, day2)

    def distinct(self, metric: str, days: Mapping[str, Iterable[date]]) -> None:
        """A count of distinct people over any range: each day of an occurrence counts one,
        and each repeat (an occurrence with an earlier one, `day2`) takes one back when that
        earlier one is in the range too: distinct = Σ metric - Σ repeats with day2 ≥ start."""
        for scope, found in days.items():
            ordered = sorted(set(found))
            for index, day in enumerate(ordered):
                self.add(POINT, scope, metric, day)
                if index:
                    self.add(POINT, scope, metric + REPEAT, day, day2=ordered[index - 1])

    def levels(self, kind: str, days: Iterable[date],
               state_at: Callable[[date], State]) -> None:  # fmt: skip
        """Steps of a figure 'as of a day': `state_at(day)` is the person's part of it on
        that day, constant between the given days (every day where it may change)."""
        before: State = {}
        for day in sorted(set(days)):
            now = state_at(day)
            for scope, metric in before.keys() | now.keys():
                n, total = now.get((scope, metric), (0, 0))
                was_n, was_total = before.get((scope, metric), (0, 0))
                if n != was_n or total != was_total:
                    self.add(kind, scope, metric, day, n - was_n, total - was_total)
            before = now


def difference(after: Entries, before: Entries) -> Entries:
    """after - before, without the entries that did not change."""
    out: Entries = {}
    for key in after.keys() | before.keys():
        n, total = after.get(key, (0, 0))
        was_n, was_total = before.get(key, (0, 0))
        if n != was_n or total != was_total:
            out[key] = [n - was_n, total - was_total]
    return out


def merge(into: Entries, more: Entries) -> None:
    for key, (n, total) in more.items():
        known = into.get(key)
        if known is None:
            into[key] = [n, total]
        else:
            known[0] += n
            known[1] += total


LEDGER_VERSION = 1  # bump when an entry's meaning changes: the aggregates are then rebuilt
