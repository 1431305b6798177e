"""Scenario part 3: the backdated history as steps (feed messages and staff actions)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from demo import names
from demo.model import FEED_COURT, FEED_RECEIVED, FEED_RELEASED, FEED_TRANSFERRED, LONDON, Step
from demo.people import Someone

SOURCES = ("reception_screening",) * 5 + ("healthcare", "healthcare", "self", "staff")
URGENCY = ("routine", "routine", "urgent", "immediate")


def person_history(rng: random.Random, p: Someone, now: datetime) -> list[Step]:
    n, steps = p.number, []
    steps.append(
        Step(
            p.received_at,
            FEED_RECEIVED,
            n,
            {"reason": "NEW_ADMISSION", "details": _details(rng, p)},
        )
    )
    last = min(p.release_at or now, now) - timedelta(days=1)
    if p.referred_on:
        steps += _referral_and_assessments(rng, p, last)
    if p.mentor:
        steps += _mentor(p)
    if p.court_at:
        steps.append(Step(p.court_at, FEED_COURT, n, {}))
    if p.release_at and not p.released_today:
        kind = FEED_TRANSFERRED if p.transferred else FEED_RELEASED
        steps.append(Step(p.release_at, kind, n, {"destination_area": rng.choice(names.AREAS)}))
    if p.readmitted_at:
        steps.append(Step(p.readmitted_at, FEED_RECEIVED, n, {"reason": "READMISSION"}))
    return steps


def _details(rng: random.Random, p: Someone) -> dict:
    dependency = rng.choice(("drugs", "alcohol", "both", "none"))
    detox = dependency != "none" and rng.random() < 0.35
    return {
        "given_name": p.given,
        "family_name": p.family,
        "date_of_birth": p.born.isoformat(),
        "wing": p.wing,
        "screening": {
            "risk_to_self": rng.choice(("low", "low", "medium", "high")),
            "dependency": dependency,
            "placement": "detox_unit" if detox else "first_night_centre",
            "on_medication": rng.random() < 0.4,
            "next_of_kin_recorded": rng.random() < 0.8,
        },
    }


def _referral_and_assessments(rng: random.Random, p: Someone, last: datetime) -> list[Step]:
    at = datetime.combine(p.referred_on, datetime.min.time(), LONDON) + timedelta(hours=11)
    at = max(at, p.received_at + timedelta(hours=1))
    consents = [  # consent is obeyed: the demo's mentees take part in mentoring and placements
        {"recipient": "mentoring", "granted": True},
        {"recipient": "family", "granted": p.family_consent},
        {"recipient": "placements", "granted": True},
        {"recipient": "community_treatment", "granted": rng.random() < 0.8},
    ]
    body = {
        "referred_on": p.referred_on.isoformat(),
        "source": rng.choice(SOURCES),
        "substances": p.substances,
        "urgency": rng.choice(URGENCY),
        "consents": consents,
    }
    steps = [Step(at, "intake.referral", p.number, body)]
    clean = (p.received_at - timedelta(days=rng.uniform(0, 20))).astimezone(LONDON).date()
    first = at + timedelta(days=rng.uniform(1, 8))
    for round_, (low, high) in enumerate(((1, 4), (3, 6))):
        when = first + timedelta(days=70 * round_ + rng.uniform(0, 14) * round_)
        if when > last:
            break
        body = {
            "assessed_on": when.astimezone(LONDON).date().isoformat(),
            "barc10": [rng.randint(low, high) for _ in range(10)],
            "clean_since": min(clean, when.astimezone(LONDON).date()).isoformat(),
        }
        if round_ == 0:
            used = {s: rng.randrange(4, 28) for s in p.substances if s in _TOP}
            body["top"] = {
                "stage": "start",
                "days_used": {_TOP[s]: d for s, d in used.items()},
                "psychological_health": rng.randrange(4, 12),
                "physical_health": rng.randrange(5, 14),
                "quality_of_life": rng.randrange(3, 11),
            }
        steps.append(Step(when, "intake.assessment", p.number, body))
    return steps


_TOP = {
    "alcohol": "alcohol",
    "opiates": "opiates",
    "crack": "crack",
    "cocaine": "cocaine",
    "cannabis": "cannabis",
}


def _mentor(p: Someone) -> list[Step]:
    m, n = p.mentor, p.number
    steps = [
        Step(
            m["enrolled_at"],
            "mentoring.enrol",
            n,
            {
                "prison_code": "BAI",
                "cohort": m["cohort"],
                "enrolled_on": m["enrolled_at"].astimezone(LONDON).date().isoformat(),
                "wing": p.wing,
                "languages": m["languages"],
                "lived_experience": p.substances,
                "availability": m["availability"],
                "capacity": 3,
            },
        )
    ]
    for module, at in m["modules"].items():
        steps.append(
            Step(
                at,
                "mentoring.module",
                n,
                {"module": module, "completed_on": at.astimezone(LONDON).date().isoformat()},
            )
        )
    if m["left_at"]:
        steps.append(Step(m["left_at"], "mentoring.leave", n, {"reason": "own_request"}))
    if q := m["qualified_at"]:
        day = q.astimezone(LONDON).date().isoformat()
        steps.append(Step(q, "mentoring.qualify", n, {"awarded_on": day}))
        steps.append(Step(q + timedelta(hours=2), "mentoring.activate", n, {}))
    if recat := m["recategorised_at"]:
        steps.append(Step(recat, "intake.recategorisation", n, {"category": "D"}))
    for out, due, back in m["rotl"]:
        steps.append(
            Step(
                out,
                "intake.rotl",
                n,
                {
                    "kind": "rotl_day",
                    "starts_at": out.isoformat(),
                    "ends_at": due.isoformat(),
                    "ended_at": back.isoformat(),
                },
            )
        )
    return steps
