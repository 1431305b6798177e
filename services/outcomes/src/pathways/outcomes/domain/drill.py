"""Every headline figure's drill-down (issue 16): the figure's own rows — the same function
the figure counts — under a plain-English title, with a label for each way a row counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from pathways.outcomes.domain import continuity
from pathways.outcomes.domain.family_placements import followup_rows, placement_rows
from pathways.outcomes.domain.matches import made_rows, referred_rows
from pathways.outcomes.domain.mentors import qualified_rows
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.release import programme_contact_rows
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.workers import open_followups


class Figure(StrEnum):
    CONTINUITY = "continuity_of_care"
    PROGRAMME_CONTACT = "programme_contact"
    PEOPLE_REFERRED = "people_referred"
    MATCHES_MADE = "matches_made"
    MENTORS_QUALIFIED = "mentors_qualified"
    FOLLOWUPS = "followups"
    FOLLOWUPS_BY_WORKER = "followups_by_worker"
    PLACEMENTS_STARTED = "placements_started"


@dataclass(frozen=True)
class Drill:
    title: str
    day: str  # what the row's day is
    labels: dict[str, str]  # status code → plain English
    rows: Callable[[Scope], list[PersonRow]]


def _continuity(scope: Scope) -> list[PersonRow]:
    rows = [
        PersonRow(r.person_id, r.released_on, r.status.value,
                  f"first attended {r.attended_on}" if r.attended_on else None)
        for r in continuity.release_outcomes(scope)
    ]  # fmt: skip
    return sorted(rows, key=PersonRow.order)


def _by_worker(scope: Scope) -> list[PersonRow]:
    return [
        PersonRow(r.person_id, r.due_on, "overdue" if r.overdue else "due", r.kind, r.owner)
        for r in open_followups(scope)
    ]  # fmt: skip


DRILLS: dict[Figure, Drill] = {
    Figure.CONTINUITY: Drill(
        "Continuity of care: community treatment within 21 days of release",
        "Released",
        {c.value: label for c, label in continuity.LABELS.items()},
        _continuity,
    ),
    Figure.PROGRAMME_CONTACT: Drill(
        "Programme contact within 21 days of release",
        "Released",
        {
            "contacted": "Reached by the programme within 21 days",
            "still_in_window": "Not yet reached, still within the 21 days",
            "not_contacted": "Not reached within 21 days",
        },
        programme_contact_rows,
    ),
    Figure.PEOPLE_REFERRED: Drill(
        "People referred", "Referred", {"referred": "Referred"}, referred_rows
    ),
    Figure.MATCHES_MADE: Drill(
        "Mentor matches made",
        "Match began",
        {"open": "Match still open at the range end", "ended": "Match ended"},
        made_rows,
    ),
    Figure.MENTORS_QUALIFIED: Drill(
        "Mentors qualified", "Qualified", {"qualified": "Qualified"}, qualified_rows
    ),
    Figure.FOLLOWUPS: Drill(
        "Family follow-ups due in the range",
        "Due",
        {"on_time": "Done on time", "late": "Done late", "outstanding": "Not done yet"},
        followup_rows,
    ),
    Figure.FOLLOWUPS_BY_WORKER: Drill(
        "Family follow-ups due and overdue, by worker",
        "Due",
        {"overdue": "Overdue (due date passed)", "due": "Due today"},
        _by_worker,
    ),
    Figure.PLACEMENTS_STARTED: Drill(
        "Placements started",
        "Started",
        {"after_release": "Started after release", "on_rotl": "Started on day release (ROTL)"},
        placement_rows,
    ),
}


def rows_of(figure: Figure, scope: Scope, status: str | None = None) -> list[PersonRow]:
    rows = DRILLS[figure].rows(scope)
    return [r for r in rows if status is None or r.status == status]
