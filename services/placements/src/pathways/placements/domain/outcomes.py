"""Outcomes 6 and 26 weeks after release, recorded once per release and week mark."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from pathways.placements.domain import events as ev
from pathways.placements.domain.outcome_types import OutcomeStatus, WeekMark
from pathways.placements.domain.person import PersonState, Release
from pathways.platform.checks import require_text, to_enum
from pathways.platform.errors import Conflict, InvalidInput


def due_on(release: Release, weeks: WeekMark) -> date:
    """The day an outcome falls due: the release day plus `weeks` weeks."""
    return release.released_on + timedelta(weeks=int(weeks))


@dataclass(frozen=True)
class OutcomeRecord:
    person_id: UUID
    released_at: datetime  # which release the outcome follows
    weeks_after_release: WeekMark
    status: OutcomeStatus
    recorded_on: date
    recorded_by: str


@dataclass(frozen=True)
class DueOutcome:
    person_id: UUID
    weeks_after_release: WeekMark
    due_on: date


@dataclass
class OutcomeLog:
    """The outcomes recorded for one person (aggregate; records OutcomeRecorded events)."""

    person_id: UUID
    records: list[OutcomeRecord] = field(default_factory=list)
    events: list[ev.PlacementsEvent] = field(default_factory=list, compare=False, repr=False)

    def record(
        self, person: PersonState, weeks: int, status: OutcomeStatus, today: date, by: str
    ) -> OutcomeRecord:
        """Record the outcome for the latest release; refused before the release, before the
        week mark is due, or when that week mark was already recorded."""
        try:
            mark = WeekMark(weeks)
        except ValueError:
            raise InvalidInput(
                f"outcomes are recorded at 6 or 26 weeks after release, not {weeks}",
                code="invalid_week_mark",
            ) from None
        if person.release is None:
            raise Conflict("the person has not been released", code="not_released")
        release, when = person.release, due_on(person.release, mark)
        if today < when:
            raise Conflict(
                f"the {int(mark)}-week outcome is not due until {when.isoformat()}",
                code="outcome_not_due",
            )
        if any(
            r.released_at == release.released_at and r.weeks_after_release == mark
            for r in self.records
        ):
            raise Conflict(
                f"the {int(mark)}-week outcome after this release is already recorded",
                code="outcome_already_recorded",
            )
        record = OutcomeRecord(
            self.person_id,
            release.released_at,
            mark,
            to_enum(OutcomeStatus, status, "status"),
            today,
            require_text(by, "recorded_by"),
        )
        self.records.append(record)
        self.events.append(
            ev.OutcomeRecorded(self.person_id, int(mark), record.status, release.released_at)
        )
        return record


def outcomes_falling_due(
    people: Iterable[PersonState], recorded: Iterable[OutcomeRecord], today: date
) -> list[DueOutcome]:
    """Outcomes due by `today` and not yet recorded, for qualified mentors' latest release,
    earliest first."""
    done = {(r.person_id, r.released_at, r.weeks_after_release) for r in recorded}
    due: list[DueOutcome] = []
    for person in people:
        if person.release is None or not person.is_qualified:
            continue
        for mark in WeekMark:
            when = due_on(person.release, mark)
            if when <= today and (person.person_id, person.release.released_at, mark) not in done:
                due.append(DueOutcome(person.person_id, mark, when))
    return sorted(due, key=lambda d: (d.due_on, str(d.person_id)))
