"""Scenario part 5: volunteer placements for released or ROTL mentors, and their outcomes.

A placement step carries the whole story of one placement (risk assessment, disclosure check,
offer, acceptance, start, weekly hours, end), each backdated to when it happened: the
placements API accepts past dates, but not before the referral, and placements dates an
automatic referral on the day it consumes the release (today, for a backdated release): so
offers, starts and hours are today, and no placement has ended yet."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from demo.model import LONDON, Step
from demo.people import Someone

Role = tuple[int, int, dict]


def placement_steps(
    rng: random.Random, p: Someone, today: date, roles: Iterator[Role]
) -> list[Step]:
    at = datetime.combine(today, datetime.min.time(), LONDON) + timedelta(hours=12)
    if p.mentor.get("open_rotl"):
        provider, index, role = next(roles)
        return [
            Step(
                at,
                "placements.placement",
                p.number,
                {
                    "trigger": "rotl",
                    "provider": provider,
                    "opportunity": index,
                    "checked_on": today.isoformat(),
                    "disclosure": _level(role),
                    "starts_on": today.isoformat(),
                    "hours": [[today.isoformat(), "6"]],
                    "end": None,
                },
            )
        ]
    if not p.release_at or p.released_today:
        return []
    released = p.release_at.astimezone(LONDON).date()
    steps = []
    if (today - released).days >= 2 and rng.random() < 0.8:
        provider, index, role = next(roles)
        starts = today  # the referral is dated the day placements heard of the release
        steps.append(
            Step(
                at,
                "placements.placement",
                p.number,
                {
                    "trigger": "release",
                    "provider": provider,
                    "opportunity": index,
                    "checked_on": released.isoformat(),
                    "disclosure": _level(role),
                    "starts_on": starts.isoformat(),
                    **_hours_and_end(rng, starts, today, role),
                },
            )
        )
    for weeks in (6, 26):
        if released + timedelta(weeks=weeks) <= today:
            status = "volunteering" if steps else rng.choice(("employed", "education", "none"))
            steps.append(
                Step(
                    at,
                    "placements.outcome",
                    p.number,
                    {"weeks_after_release": weeks, "status": status},
                )
            )
    return steps


def _level(role: dict) -> str:
    return "basic" if role["disclosure_level"] == "none" else role["disclosure_level"]


def _hours_and_end(rng: random.Random, starts: date, today: date, role: dict) -> dict:
    ends = None  # ended_on may not precede the start, which is today
    outcome = "withdrawn" if ends and rng.random() < 0.2 else "completed"
    last = ends or today
    hours, day = [], starts
    while day <= last:
        hours.append(
            [day.isoformat(), str(min(16, role["hours_per_week"] // 2 + rng.randint(0, 3)))]
        )
        day += timedelta(days=7)
    end = {"outcome": outcome, "ended_on": ends.isoformat()} if ends else None
    return {"hours": hours, "end": end}
