"""Staff actions of the history, one function per step kind (see loader.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from demo.model import Step

if TYPE_CHECKING:
    from demo.loader import Loader


async def referral(ld: Loader, s: Step) -> None:
    await ld.api.post("intake", f"/people/{ld.people[s.number]}/referrals", s.data)


async def assessment(ld: Loader, s: Step) -> None:
    await ld.api.post("intake", f"/people/{ld.people[s.number]}/assessments", s.data)


async def recategorisation(ld: Loader, s: Step) -> None:
    await ld.api.post("intake", f"/people/{ld.people[s.number]}/recategorisations", s.data)


async def rotl(ld: Loader, s: Step) -> None:
    path = f"/people/{ld.people[s.number]}/temporary-absences"
    body = {k: s.data[k] for k in ("kind", "starts_at", "ends_at")}
    absence = await ld.api.post("intake", path, body)
    await ld.api.post(
        "intake", f"{path}/{absence['absence_id']}/end", {"ended_at": s.data["ended_at"]}
    )


async def enrol(ld: Loader, s: Step) -> None:
    mentor = await ld.api.post(
        "mentoring", "/mentors", {"person_id": ld.people[s.number], **s.data}
    )
    ld.mentors[s.number] = mentor["mentor_id"]


async def module(ld: Loader, s: Step) -> None:
    path = f"/mentors/{ld.mentors[s.number]}/modules/{s.data['module']}"
    await ld.api.post("mentoring", path, {"completed_on": s.data["completed_on"]})


async def qualify(ld: Loader, s: Step) -> None:
    await ld.api.post("mentoring", f"/mentors/{ld.mentors[s.number]}/qualification", s.data)


async def activate(ld: Loader, s: Step) -> None:
    await ld.api.post(
        "mentoring", f"/mentors/{ld.mentors[s.number]}/status", {"action": "activate"}
    )


async def leave(ld: Loader, s: Step) -> None:
    await ld.api.post(
        "mentoring",
        f"/mentors/{ld.mentors[s.number]}/status",
        {"action": "leave", "reason": s.data["reason"]},
    )


ACTIONS = {
    "intake.referral": referral,
    "intake.assessment": assessment,
    "intake.recategorisation": recategorisation,
    "intake.rotl": rotl,
    "mentoring.enrol": enrol,
    "mentoring.module": module,
    "mentoring.qualify": qualify,
    "mentoring.activate": activate,
    "mentoring.leave": leave,
}
