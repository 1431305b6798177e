"""Aggregates to and from the JSON kept in their `state` column."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pathways.placements.domain import (
    AbsenceKind,
    CustodyStatus,
    DisclosureCheck,
    DisclosureLevel,
    HoursEntry,
    Offer,
    OfferStatus,
    PersonState,
    Placement,
    PlacementOutcome,
    PlacementStatus,
    Referral,
    ReferralStatus,
    Release,
    RiskAssessment,
    RiskOutcome,
    TemporaryAbsence,
    Trigger,
)
from pathways.platform.checks import as_utc

Json = dict[str, Any]


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(value)) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def person_to_json(p: PersonState) -> Json:
    return {
        "qualified_on": _iso(p.qualified_on),
        "status": p.status.value,
        "period": p.period,
        "period_started_at": _iso(p.period_started_at),
        "release": p.release
        and {"released_at": _iso(p.release.released_at), "area": p.release.destination_area},
        "absence": p.absence
        and {
            "absence_id": str(p.absence.absence_id),
            "kind": str(p.absence.kind),
            "starts_at": _iso(p.absence.starts_at),
            "ends_at": _iso(p.absence.ends_at),
        },
        "risk": p.risk_assessment
        and {
            "outcome": p.risk_assessment.outcome.value,
            "on": _iso(p.risk_assessment.on),
            "by": p.risk_assessment.by,
        },
        "disclosure": p.disclosure
        and {"level": p.disclosure.level.value, "on": _iso(p.disclosure.on)},
        "opened_triggers": sorted(p.opened_triggers),
        "prison_code": p.prison_code,
        "consent": p.consent,
        "consent_at": _iso(p.consent_at),
    }


def person_from_json(person_id: UUID, s: Json) -> PersonState:
    release, absence, risk, check = s["release"], s["absence"], s["risk"], s["disclosure"]
    return PersonState(
        person_id,
        qualified_on=_d(s["qualified_on"]),
        status=CustodyStatus(s["status"]),
        period=s["period"],
        period_started_at=_t(s["period_started_at"]),
        release=release and Release(_t(release["released_at"]), release["area"]),  # type: ignore[arg-type]
        absence=absence
        and TemporaryAbsence(
            UUID(absence["absence_id"]),
            AbsenceKind(absence["kind"]),
            _t(absence["starts_at"]),  # type: ignore[arg-type]
            _t(absence["ends_at"]),  # type: ignore[arg-type]
        ),
        risk_assessment=risk
        and RiskAssessment(RiskOutcome(risk["outcome"]), _d(risk["on"]), risk["by"]),  # type: ignore[arg-type]
        disclosure=check and DisclosureCheck(DisclosureLevel(check["level"]), _d(check["on"])),  # type: ignore[arg-type]
        opened_triggers=set(s["opened_triggers"]),
        prison_code=s.get("prison_code"),  # absent in rows written before it was kept
        consent=s.get("consent"),
        consent_at=_t(s.get("consent_at")),
    )


def referral_to_json(r: Referral) -> Json:
    return {
        "offers": [
            {
                "offer_id": str(o.offer_id),
                "opportunity_id": str(o.opportunity_id),
                "offered_on": _iso(o.offered_on),
                "status": o.status.value,
                "answered_on": _iso(o.answered_on),
            }
            for o in r.offers
        ],
        "placement_id": r.placement_id and str(r.placement_id),
        "closed_reason": r.closed_reason,
    }


def referral_from_row(row: Any) -> Referral:
    s = row.state
    offers = [
        Offer(
            UUID(o["opportunity_id"]),
            _d(o["offered_on"]),  # type: ignore[arg-type]
            OfferStatus(o["status"]),
            _d(o["answered_on"]),
            UUID(o["offer_id"]),
        )
        for o in s["offers"]
    ]
    placement_id = s["placement_id"]
    return Referral(
        row.person_id,
        Trigger(row.trigger),
        row.opened_on,
        ReferralStatus(row.status),
        offers,
        UUID(placement_id) if placement_id else None,
        s["closed_reason"],
        row.referral_id,
    )


def placement_to_json(p: Placement) -> Json:
    return {
        "on_rotl": p.on_rotl,
        "hours": [{"on": _iso(h.worked_on), "hours": str(h.hours)} for h in p.hours],
        "outcome": p.outcome and p.outcome.value,
        "ended_on": _iso(p.ended_on),
        "end_reason": p.end_reason,
    }


def placement_from_row(row: Any) -> Placement:
    s = row.state
    return Placement(
        row.person_id,
        row.referral_id,
        row.opportunity_id,
        row.provider_id,
        row.starts_on,
        s["on_rotl"],
        PlacementStatus(row.status),
        [HoursEntry(_d(h["on"]), Decimal(h["hours"])) for h in s["hours"]],  # type: ignore[arg-type]
        PlacementOutcome(s["outcome"]) if s["outcome"] else None,
        _d(s["ended_on"]),
        s["end_reason"],
        row.placement_id,
    )
