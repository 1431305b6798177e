"""The caseload list's search, filters, sorting and paging, done here on what the APIs return
(intake's GET /people filters by prison and status only: no name search, no release date,
no cross-service flags — see README "API gaps")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from pathways.web import present

FILTERS = {
    "arrived_7_days": "Arrived in the last 7 days",
    "release_12_weeks": "Release within 12 weeks",
    "release_24_weeks": "Release within 24 weeks",
    "waiting_mentor": "Waiting for a mentor",
    "family_case": "Family case open",
    "followup_overdue": "Follow-up overdue",
}
SORTS = {"name": "Name", "prison_number": "Prison number", "received": "Arrived", "wing": "Wing"}
PAGE_SIZE = 25


@dataclass
class Row:
    person: dict[str, Any]
    tags: list[tuple[str, str]] = field(default_factory=list)  # (text, colour class)
    release_on: str | None = None

    @property
    def name(self) -> str:
        p = self.person
        return " ".join(n for n in (p.get("given_name"), p.get("family_name")) if n) or "No name"

    def sort_key(self, sort: str) -> tuple:
        p = self.person
        keys = {
            "name": ((p.get("family_name") or "").lower(), (p.get("given_name") or "").lower()),
            "prison_number": (p["prison_number"],),
            "received": (p.get("received_at") or "",),
            "wing": (p.get("wing") or "",),
        }
        return keys.get(sort, keys["name"])


def matches_search(person: dict[str, Any], search: str) -> bool:
    """A prison number (exact, any case) or any part of the name."""
    wanted = search.strip().lower()
    if not wanted:
        return True
    if person["prison_number"].lower() == wanted:
        return True
    name = f"{person.get('given_name') or ''} {person.get('family_name') or ''}".lower()
    return all(word in name for word in wanted.split())


@dataclass
class Flags:
    """What the other services say about people (sets of person ids)."""

    waiting: set[str] = field(default_factory=set)
    mentored: set[str] = field(default_factory=set)
    family_case: set[str] = field(default_factory=set)
    overdue: set[str] = field(default_factory=set)
    release_on: dict[str, str] = field(default_factory=dict)


def tags_for(person: dict[str, Any], flags: Flags, today: date) -> list[tuple[str, str]]:
    pid = str(person["person_id"])
    tags: list[tuple[str, str]] = []
    if person.get("status") == "on_temporary_absence":
        tags.append(("Temporary absence", "govuk-tag--purple"))
    if present.arrived_within(person.get("received_at"), 7, today):
        tags.append(("New arrival", "govuk-tag--blue"))
    if pid in flags.waiting:
        tags.append(("Waiting for mentor", "govuk-tag--yellow"))
    if pid in flags.mentored:
        tags.append(("Mentored", "govuk-tag--green"))
    if pid in flags.family_case:
        tags.append(("Family case", "govuk-tag--turquoise"))
    if pid in flags.overdue:
        tags.append(("Follow-up overdue", "govuk-tag--red"))
    return tags


def keep(row: Row, chosen: list[str], flags: Flags, today: date) -> bool:
    pid = str(row.person["person_id"])
    tests = {
        "arrived_7_days": lambda: present.arrived_within(row.person.get("received_at"), 7, today),
        "release_12_weeks": lambda: present.within_weeks(flags.release_on.get(pid), 12, today),
        "release_24_weeks": lambda: present.within_weeks(flags.release_on.get(pid), 24, today),
        "waiting_mentor": lambda: pid in flags.waiting,
        "family_case": lambda: pid in flags.family_case,
        "followup_overdue": lambda: pid in flags.overdue,
    }
    return all(tests[f]() for f in chosen if f in tests)


def arrange(
    people: list[dict[str, Any]],
    *,
    search: str,
    chosen: list[str],
    flags: Flags,
    sort: str,
    descending: bool,
    page: int,
    today: date,
) -> tuple[list[Row], int]:
    """The rows of one page and how many people match in all."""
    rows = [
        Row(p, tags_for(p, flags, today), flags.release_on.get(str(p["person_id"])))
        for p in people
        if matches_search(p, search)
    ]
    rows = [r for r in rows if keep(r, chosen, flags, today)]
    rows.sort(key=lambda r: r.sort_key(sort), reverse=descending)
    start = (max(page, 1) - 1) * PAGE_SIZE
    return rows[start : start + PAGE_SIZE], len(rows)


def link(filters: list[str], state: dict[str, Any]) -> str:
    """/caseload with these filters and this sort, order and page."""
    pairs = [("filter", f) for f in filters] + [(k, str(v)) for k, v in state.items()]
    return "/caseload?" + urlencode(pairs)
