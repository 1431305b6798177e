"""The family follow-up plan of one person, per custody period (domain.md "Follow-up plan",
contract.md "The release workflow" and "What each custody event means").

- A person with a family case gets a `pre_release_meeting` once a release is scheduled, due
  14 days before the expected date but never before the day it became known or the case
  was opened. A transfer continues the custody period: nothing is cancelled.
- Every release gets `release_day_contact` (the London day of the release), `day_7_check`
  and `day_28_check`; a case opened after the release gets only those due on or after the
  opening day. An open pre-release meeting stays open after the release.
- A recall (a reception after a release) starts a new period: the previous period's open
  follow-ups are cancelled; they are never re-dated or reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from estate_journeys import LONDON

LEAD_DAYS = 14
AFTER_RELEASE = {"release_day_contact": 0, "day_7_check": 7, "day_28_check": 28}


@dataclass
class Task:
    period: int
    kind: str
    due_on: date
    status: str = "open"  # open | cancelled
    cancel_reason: str | None = None

    def row(self) -> tuple[str, str, str, str | None]:
        return (self.kind, self.due_on.isoformat(), self.status, self.cancel_reason)


@dataclass
class FamilyPlan:
    case_opened_on: date | None = None
    period: int = 0
    scheduled: tuple[date, date] | None = None  # expected_on, notified_on
    released_on: date | None = None
    tasks: list[Task] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str, str | None]]:
        return sorted(t.row() for t in self.tasks)

    # ------------------------------------------------------------------ facts
    def open_case(self, today: date) -> None:
        self.case_opened_on = today
        self.replan()

    def schedule(self, expected_on: date, notified_on: date) -> None:
        if self.released_on is None:
            self.scheduled = (expected_on, notified_on)
            self.replan()

    def transferred(self) -> None:
        """The same custody period at another prison: the release date is the person's."""

    def released(self, at: datetime) -> None:
        self.released_on = at.astimezone(LONDON).date()
        self.replan()

    def recalled(self, at: datetime) -> None:
        for task in self.tasks:
            if task.period == self.period and task.status == "open":
                task.status, task.cancel_reason = "cancelled", "recalled"
        self.period += 1
        self.scheduled, self.released_on = None, None

    # ------------------------------------------------------------------ planning
    def wanted(self) -> dict[str, date]:
        opened = self.case_opened_on
        if opened is None:
            return {}
        if self.released_on is not None:
            due = {k: self.released_on + timedelta(days=d) for k, d in AFTER_RELEASE.items()}
            return {k: on for k, on in due.items() if on >= opened}
        if self.scheduled is not None:
            expected_on, notified_on = self.scheduled
            earliest = max(notified_on, opened)
            return {"pre_release_meeting": max(expected_on - timedelta(days=LEAD_DAYS), earliest)}
        return {}

    def replan(self) -> None:
        wanted = self.wanted()
        live = {
            t.kind: t for t in self.tasks if t.period == self.period and t.status != "cancelled"
        }
        for kind, task in live.items():
            if kind in wanted:
                task.due_on = wanted[kind]
            elif not (kind == "pre_release_meeting" and self.released_on is not None):
                task.status, task.cancel_reason = "cancelled", "replanned"
        for kind, due_on in wanted.items():
            if kind not in live:
                self.tasks.append(Task(self.period, kind, due_on))
