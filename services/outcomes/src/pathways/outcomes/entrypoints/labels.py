"""Plain-English labels for the dashboard (issue 16): the contract's codes are for machines.
A code without a label (a new one) is shown tidied up: "new_kind" → "New kind"."""

from __future__ import annotations

LABELS: dict[str, str] = {
    # mentoring session kinds
    "first_night_visit": "First-night visit",
    "first_night": "First-night visit",
    "one_to_one": "One-to-one",
    "group": "Group session",
    "harm_minimisation": "Harm-minimisation advice",
    "relapse_prevention": "Relapse prevention",
    "release_preparation": "Release preparation",
    # placement referral triggers
    "release": "after release",
    "rotl": "on day release (ROTL)",
    "manual": "by staff",
    # family follow-up kinds
    "pre_release_meeting": "Pre-release family meeting",
    "release_day_contact": "Release-day contact",
    "day_7_check": "Day-7 check",
    "day_28_check": "Day-28 check",
    # follow-up cancellation reasons
    "recalled": "recalled to prison",
    "new_custody_period": "back in prison on a new sentence",
    "release_cancelled": "release cancelled",
    "release_rescheduled": "release date moved",
    "case_changed": "case changed",
    "released": "superseded at release",
    "transferred": "transferred",
    "consent_withdrawn": "consent withdrawn",
}


def label(code: str) -> str:
    return LABELS.get(code) or code.replace("_", " ").capitalize()
