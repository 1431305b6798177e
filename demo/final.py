"""Scenario part 4: what happens today — the things the APIs accept only as today or later.

Release plans (expected date not in the past), this morning's releases, ROTL day releases
running now, family cases (opened today), follow-up completions, mentoring sessions (on the
matches the matching engine made during the load), placements (backdated to each release)
and outcomes at 6 and 26 weeks (recorded today once due)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import cycle

from demo import names
from demo.model import FEED_RELEASED, LONDON, Step
from demo.people import Someone, local_day_at
from demo.placing import placement_steps

OTHER_SESSIONS = ("one_to_one", "group", "harm_minimisation", "relapse_prevention")


def final_steps(
    rng: random.Random, people: list[Someone], now: datetime, providers: list[dict]
) -> list[Step]:
    today = now.astimezone(LONDON).date()
    steps: list[Step] = []
    for p in people:
        if p.expected_on and (p.release_at is None or p.released_today):
            steps.append(
                Step(
                    now,
                    "intake.release_plan",
                    p.number,
                    {
                        "expected_on": p.expected_on.isoformat(),
                        "release_type": rng.choice(
                            (
                                "conditional_release",
                                "conditional_release",
                                "home_detention_curfew",
                                "end_of_sentence",
                            )
                        ),
                    },
                )
            )
        if p.mentor and p.mentor.get("open_rotl"):
            out = local_day_at(today, 0) + (now - local_day_at(today, 0)) * 0.2
            steps.append(
                Step(
                    now,
                    "intake.rotl_open",
                    p.number,
                    {
                        "kind": "rotl_day",
                        "starts_at": out.isoformat(),
                        "ends_at": (now + timedelta(hours=6)).isoformat(),
                    },
                )
            )
    for p in people:
        if p.released_today:
            steps.append(
                Step(
                    p.release_at,
                    FEED_RELEASED,
                    p.number,
                    {"destination_area": rng.choice(names.AREAS)},
                )
            )
    steps += [_family(rng, p, today) for p in people if _wants_family_case(rng, p, now)]
    for p in people:
        if p.referred_on and p.release_at is None and not p.mentor:
            kinds = ["first_night_visit", *rng.sample(OTHER_SESSIONS, rng.randint(1, 3))]
            steps.append(Step(now, "mentoring.sessions", p.number, {"kinds": kinds}))
    roles = cycle(
        [(i, j, o) for i, pr in enumerate(providers) for j, o in enumerate(pr["opportunities"])]
    )
    for p in people:
        if p.mentor and p.mentor["qualified_at"]:
            steps += placement_steps(rng, p, today, roles)
    return steps


def _wants_family_case(rng: random.Random, p: Someone, now: datetime) -> bool:
    if not p.referred_on or not p.family_consent:  # no case without consent to family work
        return False
    if p.release_at and p.release_at < now - timedelta(days=28):
        return False
    today = now.astimezone(LONDON).date()
    soon = p.expected_on is not None and p.expected_on <= today + timedelta(days=14)
    return p.released_today or soon or rng.random() < 0.4


def _family(rng: random.Random, p: Someone, today: date) -> Step:
    since = max(p.received_at.astimezone(LONDON).date(), today - timedelta(days=90))
    until = min(p.release_at.astimezone(LONDON).date(), today) if p.release_at else today
    members = [
        {
            "name": names.family_name_for(rng, p.family),
            "relationship": "partner",
            "next_of_kin": True,
            "approved_visitor": True,
        }
    ]
    if rng.random() < 0.5:
        members.append(
            {
                "name": f"{rng.choice(names.GIVEN)} {p.family}",
                "relationship": "child",
                "is_child": True,
                "approved_visitor": True,
            }
        )
    contacts = sorted(
        (since + timedelta(days=rng.randint(0, max(0, (until - since).days))))
        for _ in range(rng.randint(1, 3))
    )
    completions = _completions(rng, p, today)
    return Step(
        datetime.combine(today, datetime.min.time(), LONDON),
        "family.case",
        p.number,
        {
            "worker": rng.choice(names.WORKERS),
            "members": members,
            "consents": [
                {
                    "recipient": "social_services",
                    "granted": True,
                    "scope": "release plans",
                    "recorded_on": since.isoformat(),
                }
            ],
            "contacts": [
                {
                    "kind": rng.choice(("phone", "home_visit", "mediated_visit", "support")),
                    "on": on.isoformat(),
                    "outcome": "contact_made",
                }
                for on in contacts
            ],
            "completions": completions,
        },
    )


def _completions(rng: random.Random, p: Someone, today: date) -> list[dict]:
    """Follow-ups done today, each with its due date (all on time: see loader docstring)."""
    done = []
    soon = p.expected_on and p.expected_on <= today + timedelta(days=14)
    if soon and not p.released_today and rng.random() < 0.6:
        done.append({"kind": "pre_release_meeting", "due_on": today.isoformat()})
    if p.released_today and rng.random() < 0.8:
        done.append({"kind": "release_day_contact", "due_on": today.isoformat()})
    if p.release_at and not p.released_today:
        released = p.release_at.astimezone(LONDON).date()
        if today - timedelta(days=7) < released <= today - timedelta(days=4):
            done.append(
                {"kind": "day_7_check", "due_on": (released + timedelta(days=7)).isoformat()}
            )
    return [{**d, "outcome": "contact_made", "completed_on": today.isoformat()} for d in done]
