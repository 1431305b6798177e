"""Aggregates to and from the JSON `state` column (and back from a table row)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from pathways.mentoring.domain import (
    EndReason,
    Match,
    MatchStatus,
    Mentee,
    MenteeStatus,
    Mentor,
    MentorStatus,
    MentorStatusReason,
    Module,
    Qualification,
    Slot,
    TrainingCohort,
)

Row = Any


def cohort_state(cohort: TrainingCohort) -> dict[str, Any]:
    starts_on = cohort.starts_on.isoformat() if cohort.starts_on else None
    return {
        "cohort_id": str(cohort.cohort_id),
        "name": cohort.name,
        "starts_on": starts_on,
        "prison_code": cohort.prison_code,
    }


def cohort_from_state(s: dict[str, Any]) -> TrainingCohort:
    starts_on = s.get("starts_on")
    return TrainingCohort(
        UUID(s["cohort_id"]),
        s["name"],
        date.fromisoformat(starts_on) if starts_on else None,
        s.get("prison_code"),
    )


def mentor_state(mentor: Mentor) -> dict[str, Any]:
    cohort = mentor.cohort
    qualification = mentor.qualification
    return {
        "cohort": cohort_state(cohort) if cohort else None,
        "enrolled_on": mentor.enrolled_on.isoformat() if mentor.enrolled_on else None,
        "wing": mentor.wing,
        "languages": sorted(mentor.languages),
        "lived_experience": sorted(mentor.lived_experience),
        "availability": sorted(mentor.availability),
        "capacity": mentor.capacity,
        "status_reason": mentor.status_reason,
        "modules_completed": {m.value: d.isoformat() for m, d in mentor.modules_completed.items()},
        "qualification": (
            {"award": qualification.award, "awarded_on": qualification.awarded_on.isoformat()}
            if qualification
            else None
        ),
    }


def mentor_from_row(row: Row) -> Mentor:
    s = row.state
    cohort = s["cohort"]
    qualification = s["qualification"]
    return Mentor(
        mentor_id=row.mentor_id,
        person_id=row.person_id,
        prison_code=row.prison_code,
        cohort=cohort_from_state(cohort) if cohort else None,
        enrolled_on=date.fromisoformat(s["enrolled_on"]) if s.get("enrolled_on") else None,
        wing=s["wing"],
        languages=frozenset(s["languages"]),
        lived_experience=frozenset(s["lived_experience"]),
        availability=frozenset(Slot(x) for x in s["availability"]),
        capacity=s["capacity"],
        status=MentorStatus(row.status),
        status_reason=MentorStatusReason(s["status_reason"]) if s["status_reason"] else None,
        modules_completed={
            Module(m): date.fromisoformat(d) for m, d in s["modules_completed"].items()
        },
        qualification=(
            Qualification(qualification["award"], date.fromisoformat(qualification["awarded_on"]))
            if qualification
            else None
        ),
    )


def mentee_state(mentee: Mentee) -> dict[str, Any]:
    return {
        "wing": mentee.wing,
        "substances": sorted(mentee.substances),
        "languages": sorted(mentee.languages),
        "availability": sorted(mentee.availability),
    }


def mentee_from_row(row: Row) -> Mentee:
    s = row.state
    return Mentee(
        person_id=row.person_id,
        referred_at=_aware(row.referred_at),
        prison_code=row.prison_code,
        wing=s["wing"],
        substances=frozenset(s["substances"]),
        languages=frozenset(s["languages"]),
        availability=frozenset(Slot(x) for x in s["availability"]),
        status=MenteeStatus(row.status),
    )


def match_state(match: Match) -> dict[str, Any]:
    return {
        "explanation": match.explanation,
        "made_at": match.made_at.isoformat() if match.made_at else None,
        "ended_at": match.ended_at.isoformat() if match.ended_at else None,
    }


def match_from_row(row: Row) -> Match:
    s = row.state
    return Match(
        match_id=row.match_id,
        mentor_id=row.mentor_id,
        mentor_person_id=row.mentor_person_id,
        mentee_person_id=row.mentee_person_id,
        prison_code=row.prison_code,
        score=row.score,
        explanation=s["explanation"],
        proposed_at=_aware(row.proposed_at),
        status=MatchStatus(row.status),
        made_at=datetime.fromisoformat(s["made_at"]) if s["made_at"] else None,
        ended_at=datetime.fromisoformat(s["ended_at"]) if s["ended_at"] else None,
        end_reason=EndReason(row.end_reason) if row.end_reason else None,
    )


def _aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
