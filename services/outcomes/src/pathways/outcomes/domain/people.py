"""The people behind a figure (the dashboard's drill-down): one row per person (or per
release, per follow-up) that the figure counts, with the day that put them in it and how
they count (a code; the labels for people are in `drill.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True)
class PersonRow:
    person_id: UUID
    on: date  # the day that puts the row in the figure (referred, released, due, …)
    status: str  # how the row counts (a code of the figure's own; see drill.LABELS)
    detail: str | None = None  # e.g. the follow-up's kind (a code), a first attendance
    owner: str | None = None  # a follow-up's owner: the family worker's staff id

    def order(self) -> tuple[date, str, str]:
        return (self.on, self.status, str(self.person_id))
