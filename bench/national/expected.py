"""What the platform must show after a national replay, counted from the generator's own
history (never from the services): the follow-ups, the placement referrals and the outcome
figures (contract.md "The release workflow", "What each custody event means")."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from national.generator import Estate, Person

LONDON = ZoneInfo("Europe/London")
AFTER_RELEASE = {"release_day_contact": 0, "day_7_check": 7, "day_28_check": 28}
CAPACITY = 3


def followups(person: Person) -> list[tuple[str, str, str, str | None]]:
    """Every release of a person with a family case gets its three follow-ups; a recall
    cancels the open ones of the period before (nobody completes one in the replay)."""
    if not person.family_case:
        return []
    rows: list[tuple[str, str, str, str | None]] = []
    for i, move in enumerate(person.moves):
        if move.kind != "release":
            continue
        recalled = any(m.kind == "recall" for m in person.moves[i + 1 :])
        day = move.at.astimezone(LONDON).date()
        for kind, days in AFTER_RELEASE.items():
            status = ("cancelled", "recalled") if recalled else ("open", None)
            rows.append((kind, (day + timedelta(days=days)).isoformat(), *status))
    return sorted(rows)


def referrals(person: Person) -> list[tuple[str, str, str | None]]:
    """A qualified mentor's every release opens one placement referral; a recall closes it."""
    if person.role != "mentor":
        return []
    rows = []
    for i, move in enumerate(person.moves):
        if move.kind == "release":
            recalled = any(m.kind == "recall" for m in person.moves[i + 1 :])
            rows.append(
                ("release", "closed" if recalled else "open", "recalled" if recalled else None)
            )
    return sorted(rows)


def open_matches_after_programme(estate: Estate) -> int:
    """Before the year's movements: each prison matches min(mentees, 3 per mentor)."""
    mentees = Counter(p.prison for p in estate.people if p.role == "mentee")
    mentors = Counter(p.prison for p in estate.people if p.role == "mentor")
    return sum(min(n, CAPACITY * mentors[prison]) for prison, n in mentees.items())


def figures(estate: Estate) -> dict[str, int]:
    """Outcome figures over the whole replay (dotted names of /outcomes/summary)."""
    people = estate.people
    mentors = [p for p in people if p.role == "mentor"]
    recalls_of_cases = sum(
        1 for p in people if p.family_case for m in p.moves if m.kind == "recall"
    )
    return {
        "people.referred": sum(p.role == "mentee" for p in people),
        "mentors.enrolled": len(mentors),
        "mentors.qualified": len(mentors),
        # a transfer or a recall leaves a mentor qualified at the new prison, not active
        "mentors.active": sum(all(m.kind.startswith("court") for m in p.moves) for p in mentors),
        "family.cases_opened": sum(p.family_case for p in people),
        "placements.referrals": sum(len(p.releases) for p in mentors),
        "placements.referrals_by_trigger.release": sum(len(p.releases) for p in mentors),
        "programme_contact_21_days.released": sum(len(p.releases) for p in people),
        "family.cancelled_by_reason.recalled": 3 * recalls_of_cases,
    }


def summary_range(estate: Estate) -> tuple[date, date]:
    """A range holding the whole replay: the receptions to the last day-28 check."""
    start = estate.started.astimezone(LONDON).date()
    return start - timedelta(days=90), start + timedelta(days=400)
