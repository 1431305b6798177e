"""The Person aggregate to and from plain JSON (the `people.state` column)."""

from __future__ import annotations

import uuid

from pathways.intake.adapters.records_json import (
    Json,
    absence_from_json,
    absence_to_json,
    assessment_from_json,
    assessment_to_json,
    iso,
    parse_date,
    parse_datetime,
    referral_from_json,
    referral_to_json,
    screening_from_json,
    screening_to_json,
)
from pathways.intake.domain.custody import CustodyStatus, ReleasePlan, ReleaseType
from pathways.intake.domain.person import Person
from pathways.intake.domain.values import PersonName, SecurityCategory


def person_to_json(p: Person) -> Json:
    """Everything but the pending domain events (those go to the outbox)."""
    plan = p.release_plan
    return {
        "prison_number": p.prison_number,
        "status": p.status.value,
        "prison_code": p.prison_code,
        "received_at": iso(p.received_at),
        "last_movement_at": iso(p.last_movement_at),
        "wing": p.wing,
        "name": [p.name.given_name, p.name.family_name] if p.name else None,
        "date_of_birth": iso(p.date_of_birth),
        "category": p.category.value if p.category else None,
        "screening": screening_to_json(p.screening) if p.screening else None,
        "released_at": iso(p.released_at),
        "release_plan": (
            {"expected_on": iso(plan.expected_on), "release_type": plan.release_type.value}
            if plan
            else None
        ),
        "release_type": p.release_type.value if p.release_type else None,
        "destination_area": p.destination_area,
        "absences": [absence_to_json(a) for a in p.absences],
        "referrals": [referral_to_json(r) for r in p.referrals],
        "assessments": [assessment_to_json(a) for a in p.assessments],
    }


def person_from_json(person_id: uuid.UUID, j: Json) -> Person:
    """Rebuild the aggregate with its plain constructor (no rules re-run, no events)."""
    plan = j["release_plan"]
    return Person(
        person_id=person_id,
        prison_number=j["prison_number"],
        status=CustodyStatus(j["status"]),
        prison_code=j["prison_code"],
        received_at=parse_datetime(j["received_at"]),  # type: ignore[arg-type]
        last_movement_at=parse_datetime(j["last_movement_at"]),  # type: ignore[arg-type]
        wing=j["wing"],
        name=PersonName(*j["name"]) if j["name"] else None,
        date_of_birth=parse_date(j["date_of_birth"]),
        category=SecurityCategory(j["category"]) if j["category"] else None,
        screening=screening_from_json(j["screening"]) if j["screening"] else None,
        released_at=parse_datetime(j["released_at"]),
        release_plan=(
            ReleasePlan(parse_date(plan["expected_on"]), ReleaseType(plan["release_type"]))  # type: ignore[arg-type]
            if plan
            else None
        ),
        release_type=ReleaseType(j["release_type"]) if j.get("release_type") else None,
        destination_area=j.get("destination_area"),  # rows from before issue 16: None
        absences=[absence_from_json(a) for a in j["absences"]],
        referrals=[referral_from_json(r) for r in j["referrals"]],
        assessments=[assessment_from_json(a) for a in j["assessments"]],
    )
