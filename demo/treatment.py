"""Scenario part 5 (issue 16): community-treatment handovers, with a realistic spread.

Each area of the demo has one community treatment provider (reference data, created first).
Every person referred to the programme with consent to share with community treatment, and
released from Belmarsh, is handed over to their destination area's provider; what came of
it follows a spread like the national one (fewer than half attend within three weeks):
most attend within 21 days, some only later, some miss the first appointment (a few of them
attend a rebooked one), some decline, and for some nothing is recorded. People with a
release plan still in custody are referred today, with no outcome yet.

Played today (after the history), as the handover needs intake to know the release or
the plan; every date is backdated through the API (`referred_on`, `appointment_on`, the
outcome's `on`). A person back in custody since their release is not handed over (intake
keeps one handover per custody period and theirs is the new one). Uses its own random
stream, so the rest of the plan is the same with or without it."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from demo.model import FEED_RELEASED, LONDON, Step
from demo.people import Someone

PROVIDERS = {
    "Southwark": ("CGL-SOUTHWARK", "Change Grow Live Southwark"),
    "Lambeth": ("LAM-RECOVERY", "Lambeth Drug and Alcohol Recovery Service"),
    "Lewisham": ("LEW-NEWDIRECT", "Lewisham New Direction"),
    "Greenwich": ("GRN-TRUST", "Greenwich Community Treatment (Forward Trust)"),
    "Bexley": ("BEX-CGL", "Change Grow Live Bexley"),
    "Croydon": ("CRO-TURNING", "Croydon Turning Point"),
    "Bromley": ("BRO-CGL", "Change Grow Live Bromley"),
}
# outcome → weight: attended within 21 days, attended later, missed then attended a
# rebooked appointment, missed, declined, nothing recorded
SPREAD = (
    ("soon", 40),
    ("late", 14),
    ("rebooked", 8),
    ("missed", 16),
    ("declined", 8),
    ("none", 14),
)


def treatment_providers() -> list[dict]:
    return [
        {"provider_code": code, "name": name, "local_authority": area, "active": True}
        for area, (code, name) in PROVIDERS.items()
    ]


def treatment_steps(
    seed: int, people: list[Someone], history: list[Step], now: datetime
) -> list[Step]:
    rng = random.Random(seed * 16 + 1)
    today = now.astimezone(LONDON).date()
    areas = {s.number: s.data.get("destination_area") for s in history if s.kind == FEED_RELEASED}
    consent = {
        s.number: any(c["recipient"] == "community_treatment" and c["granted"]
                      for c in s.data["consents"])
        for s in history if s.kind == "intake.referral"
    }  # fmt: skip
    steps = []
    for p in people:
        if not consent.get(p.number) or p.readmitted_at or p.transferred:
            continue
        if p.release_at is not None:
            area = areas.get(p.number) or rng.choice(list(PROVIDERS))
            released_on = p.release_at.astimezone(LONDON).date()
            steps.append(_handover(rng, p, area, released_on, today, now))
        elif p.expected_on is not None:
            area = rng.choice(list(PROVIDERS))
            body = {"referred_on": today.isoformat(), "destination_area": area}
            steps.append(Step(now, "intake.treatment", p.number, {"referral": body, "then": []}))
    return steps


def _handover(
    rng: random.Random, p: Someone, area: str, out: date, today: date, now: datetime
) -> Step:
    earliest = p.referred_on or out
    referred = min(max(earliest, out - timedelta(days=rng.randint(3, 14))), today)
    appointment = out + timedelta(days=rng.randint(1, 10))
    body = {"referred_on": referred.isoformat(), "destination_area": area,
            "appointment_on": appointment.isoformat()}  # fmt: skip
    kind = rng.choices([k for k, _ in SPREAD], [w for _, w in SPREAD])[0]
    then: list[dict] = []
    if kind == "soon":
        then = [_outcome("attended", out + timedelta(days=rng.randint(0, 21)))]
    elif kind == "late":
        then = [_outcome("attended", out + timedelta(days=rng.randint(22, 45)))]
    elif kind == "rebooked":
        again = appointment + timedelta(days=rng.randint(3, 10))
        then = [_outcome("did_not_attend", appointment), {"appointment_on": again.isoformat()},
                _outcome("attended", again)]  # fmt: skip
    elif kind == "missed":
        then = [_outcome("did_not_attend", appointment)]
    elif kind == "declined":
        then = [_outcome("declined", out + timedelta(days=rng.randint(0, 3)))]
    # what has not happened yet by today is not recorded
    kept = []
    for item in then:
        if date.fromisoformat(item.get("on") or item["appointment_on"]) > today:
            break
        kept.append(item)
    return Step(now, "intake.treatment", p.number, {"referral": body, "then": kept})


def _outcome(outcome: str, on: date) -> dict:
    return {"outcome": outcome, "on": on.isoformat()}
