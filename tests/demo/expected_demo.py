"""The independent count: what the outcomes figures must be, worked out from the plan alone."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from demo.matching import Approved
from demo.model import FEED_RECEIVED, FEED_RELEASED, FEED_TRANSFERRED, Plan


def continuity(plan: Plan) -> dict[str, int]:
    """From the story's facts: who was released, who was referred (a treatment need), when
    each first attended the community provider, who came back into custody."""
    released = {s.number: s.on for s in plan.steps(FEED_RELEASED)}
    need = {s.number for s in plan.steps("intake.referral")} & set(released)
    back = {s.number for s in plan.steps(FEED_RECEIVED) if s.data.get("reason") == "READMISSION"}
    first: dict[str, date] = {}
    for step in plan.steps("intake.treatment"):
        attended = [date.fromisoformat(t["on"]) for t in step.data["then"]
                    if t.get("outcome") == "attended"]  # fmt: skip
        if attended:
            first[step.number] = min(attended)
    engaged = {n for n in need if n in first and 0 <= (first[n] - released[n]).days <= 21}
    waiting = {
        n for n in need - engaged
        if n not in back and released[n] + timedelta(days=21) >= plan.today
    }  # fmt: skip
    return {
        "treatment_need_released": len(need),
        "treatment_engaged": len(engaged),
        "treatment_not_yet_due": len(waiting),
        "released_without_need": len(released) - len(need),
    }


def expected(plan: Plan) -> dict[str, int]:
    released = {s.number: s.on for s in plan.steps(FEED_RELEASED)}
    engaged = set()  # reached by the programme: a follow-up done, a placement started
    for case in plan.steps("family.case"):
        for done in case.data["completions"]:
            on = date.fromisoformat(done["completed_on"])
            out = released.get(case.number)
            kind_ok = done["kind"] in ("release_day_contact", "day_7_check")
            kind_ok = kind_ok and done["outcome"] in ("contact_made", "meeting_held")
            if kind_ok and out and timedelta(0) <= on - out <= timedelta(days=21):
                engaged.add(case.number)
    for step in plan.steps("placements.placement"):
        out = released.get(step.number)
        starts = date.fromisoformat(step.data["starts_on"])
        if out and timedelta(0) <= starts - out <= timedelta(days=21):
            engaged.add(step.number)
    completions = [d for c in plan.steps("family.case") for d in c.data["completions"]]
    recat = {s.number for s in plan.steps("intake.recategorisation")}
    rotl = {s.number for s in plan.steps("intake.rotl")} | {
        s.number for s in plan.steps("intake.rotl_open")
    }
    return {
        "mentors_enrolled": len(plan.steps("mentoring.enrol")),
        "mentors_qualified": len(plan.steps("mentoring.qualify")),
        "people_referred": len({s.number for s in plan.steps("intake.referral")}),
        "people_received": len({s.number for s in plan.steps("feed.received")}),
        "released": len(released),
        "contacted": len(engaged),
        **continuity(plan),
        "followups_on_time": sum(
            1 for d in completions if d["completed_on"] <= d["due_on"] <= plan.today.isoformat()
        ),
        "placements_started": len(plan.steps("placements.placement")),
        "placements_on_rotl": sum(
            1 for s in plan.steps("placements.placement") if s.data["trigger"] == "rotl"
        ),
        "open_conditions": len(recat),
        "open_conditions_on_rotl": len(recat & rotl),
        "family_cases": len(plan.steps("family.case")),
        "release_referrals": len(
            {s.number for s in plan.steps(FEED_RELEASED)}
            & {s.number for s in plan.steps("mentoring.qualify")}
        ),
    }


def match_lengths(plan: Plan, matched: list[Approved]) -> tuple[int, float | None]:
    """Ended matches at BAI and their mean length in days, from the story's facts: each
    match the loader approved began on its `made_on` and ended on the day either person
    next left the prison (released or transferred, from the round it was made in on)."""
    exits: dict[str, list[tuple[datetime, date]]] = defaultdict(list)
    for step in [*plan.steps(FEED_RELEASED), *plan.steps(FEED_TRANSFERRED)]:
        exits[step.number].append((step.at, step.on))
    lengths = []
    for match in matched:
        if match.prison_code != "BAI":
            continue
        ends = [e for e in exits[match.mentee] + exits[match.mentor] if e[0] >= match.round_at]
        if ends:
            lengths.append(max(0, (min(ends)[1] - match.made_on).days))
    return len(lengths), (round(sum(lengths) / len(lengths), 1) if lengths else None)
