"""The Person aggregate's records (screening, absences, referrals, assessments) as JSON."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pathways.intake.domain.assessments import Assessment
from pathways.intake.domain.custody import TemporaryAbsence, TemporaryAbsenceKind
from pathways.intake.domain.instruments import Barc10, Top, TopStage
from pathways.intake.domain.reception import Dependency, FirstNightPlacement, RiskLevel, Screening
from pathways.intake.domain.referral import (
    Consent,
    ConsentRecipient,
    Referral,
    ReferralSource,
    Substance,
    Urgency,
)

Json = dict[str, Any]


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def screening_to_json(s: Screening) -> Json:
    return {
        "risk_to_self": s.risk_to_self.value,
        "dependency": s.dependency.value,
        "placement": s.placement.value,
        "on_medication": s.on_medication,
        "learning_needs": s.learning_needs,
        "next_of_kin_recorded": s.next_of_kin_recorded,
    }


def screening_from_json(j: Json) -> Screening:
    return Screening(
        RiskLevel(j["risk_to_self"]),
        Dependency(j["dependency"]),
        FirstNightPlacement(j["placement"]),
        j["on_medication"],
        j["learning_needs"],
        j["next_of_kin_recorded"],
    )


def absence_to_json(a: TemporaryAbsence) -> Json:
    return {
        "absence_id": str(a.absence_id),
        "kind": a.kind.value,
        "starts_at": iso(a.starts_at),
        "ends_at": iso(a.ends_at),
        "ended_at": iso(a.ended_at),
    }


def absence_from_json(j: Json) -> TemporaryAbsence:
    return TemporaryAbsence(
        uuid.UUID(j["absence_id"]),
        TemporaryAbsenceKind(j["kind"]),
        parse_datetime(j["starts_at"]),  # type: ignore[arg-type]
        parse_datetime(j["ends_at"]),  # type: ignore[arg-type]
        parse_datetime(j["ended_at"]),
    )


def referral_to_json(r: Referral) -> Json:
    return {
        "referral_id": str(r.referral_id),
        "referred_on": iso(r.referred_on),
        "source": r.source.value,
        "substances": [s.value for s in r.substances],
        "urgency": r.urgency.value,
        "consents": [
            {
                "recipient": c.recipient.value,
                "granted": c.granted,
                "recorded_on": iso(c.recorded_on),
            }
            for c in r.consents
        ],
    }


def referral_from_json(j: Json) -> Referral:
    consents = tuple(
        Consent(ConsentRecipient(c["recipient"]), c["granted"], parse_date(c["recorded_on"]))  # type: ignore[arg-type]
        for c in j["consents"]
    )
    return Referral(
        uuid.UUID(j["referral_id"]),
        parse_date(j["referred_on"]),  # type: ignore[arg-type]
        ReferralSource(j["source"]),
        tuple(Substance(s) for s in j["substances"]),
        Urgency(j["urgency"]),
        consents,
    )


def top_to_json(t: Top) -> Json:
    return {
        "stage": t.stage.value,
        "days_used": {k.value: v for k, v in t.days_used.items()},
        "injecting_days": t.injecting_days,
        "shared_injecting_equipment": t.shared_injecting_equipment,
        "crime_days": t.crime_days,
        "psychological_health": t.psychological_health,
        "physical_health": t.physical_health,
        "quality_of_life": t.quality_of_life,
        "housing_problem": t.housing_problem,
    }


def _top_from_json(j: Json) -> Top:
    return Top(**{**j, "stage": TopStage(j["stage"])})


def assessment_to_json(a: Assessment) -> Json:
    return {
        "assessment_id": str(a.assessment_id),
        "assessed_on": iso(a.assessed_on),
        "barc10": list(a.barc10.answers) if a.barc10 else None,
        "top": top_to_json(a.top) if a.top else None,
        "clean_since": iso(a.clean_since),
    }


def assessment_from_json(j: Json) -> Assessment:
    return Assessment(
        uuid.UUID(j["assessment_id"]),
        parse_date(j["assessed_on"]),  # type: ignore[arg-type]
        Barc10(tuple(j["barc10"])) if j["barc10"] is not None else None,
        _top_from_json(j["top"]) if j["top"] else None,
        parse_date(j["clean_since"]),
    )
