"""The final phase of the load: what the plan has happen today (see loader.py's docstring)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from demo.client import eventually
from demo.matching import approve_round
from demo.model import FEED_RELEASED, Step

if TYPE_CHECKING:
    from demo.loader import Loader


async def play_today(ld: Loader) -> None:
    final = ld.plan.final
    for step in final:
        if step.kind in ("intake.release_plan", "intake.rotl_open"):
            await ld.act(_CUSTODY[step.kind], step)
    releases = [s for s in final if s.kind == FEED_RELEASED]
    await ld.feed.publish(releases)
    ld.done[FEED_RELEASED] += len(releases)
    for step in final:
        if step.kind == "family.case":
            await ld.act(family_case, step)
    await ld.settle()
    await approve_round(ld, final, ld.plan.today, datetime.now(UTC))  # after today's releases
    for provider in ld.plan.treatment_providers:
        await ld.act(treatment_provider, Step(datetime.now(UTC), "intake.treatment_provider",
                                              data=provider))  # fmt: skip
    for step in final:
        if step.kind == "intake.treatment":
            await ld.act(treatment, step)
    for kind, action in (
        ("family.case", completions),
        ("mentoring.sessions", sessions),
        ("placements.placement", placement),
        ("placements.outcome", outcome),
    ):
        for step in final:
            if step.kind == kind:
                await ld.act(action, step, key=None if action is not completions else "-")


async def release_plan(ld: Loader, s: Step) -> None:
    await ld.api.post("intake", f"/people/{ld.people[s.number]}/release-plans", s.data)


async def rotl_open(ld: Loader, s: Step) -> None:
    """Out from now on: after the recategorisation, which intake stamped with the time
    it was recorded during this load (the outcomes count ROTL after the move to category D)."""
    body = {**s.data, "starts_at": datetime.now(UTC).isoformat()}
    await ld.api.post("intake", f"/people/{ld.people[s.number]}/temporary-absences", body)


async def treatment_provider(ld: Loader, s: Step) -> None:
    await ld.api.post("intake", "/treatment-providers", s.data)


async def treatment(ld: Loader, s: Step) -> None:
    """The handover: referral (backdated), then the appointments and outcomes recorded."""
    base = f"/people/{ld.people[s.number]}/community-treatment"
    await ld.api.post("intake", f"{base}/referrals", s.data["referral"])
    for item in s.data["then"]:
        if "outcome" in item:
            await ld.api.post("intake", f"{base}/outcome", item)
        else:
            await ld.api.post("intake", f"{base}/appointment", item)


_CUSTODY = {"intake.release_plan": release_plan, "intake.rotl_open": rotl_open}


async def family_case(ld: Loader, s: Step) -> None:
    person = ld.people[s.number]
    case = await ld.api.post("family", "/cases", {"person_id": person, "worker": s.data["worker"]})
    base = f"/cases/{case['case_id']}"
    for member in s.data["members"]:
        await ld.api.post("family", f"{base}/members", member)
    for consent in s.data["consents"]:
        await ld.api.post("family", f"{base}/consents", consent)
    for contact in s.data["contacts"]:
        await ld.api.post("family", f"{base}/contacts", contact)


async def completions(ld: Loader, s: Step) -> None:
    person = ld.people[s.number]
    for done in s.data["completions"]:

        async def task(kind: str = done["kind"]) -> dict | None:
            tasks = await ld.api.every("family", "/tasks", person_id=person, status="open")
            return next((t for t in tasks if t["kind"] == kind), None)

        found = await eventually(task, f"{done['kind']} task for {s.number}")
        body = {"outcome": done["outcome"], "completed_on": done["completed_on"]}
        await ld.api.post("family", f"/tasks/{found['task_id']}/completion", body)
        ld.done["family.followup_completed"] += 1


async def sessions(ld: Loader, s: Step) -> None:
    matches = await ld.api.get(
        "mentoring", "/matches", person_id=ld.people[s.number], status="active"
    )
    mine = [m for m in matches["items"] if m["mentee_person_id"] == ld.people[s.number]]
    if not mine:
        ld.done["mentoring.unmatched"] += 1
        return
    for i, kind in enumerate(s.data["kinds"]):
        body = {"kind": kind, "held_on": ld.plan.today.isoformat(), "minutes": 30 + 15 * i}
        await ld.api.post("mentoring", f"/matches/{mine[0]['match_id']}/sessions", body)
        ld.done[f"session.{kind}"] += 1


async def placement(ld: Loader, s: Step) -> None:
    person, d = ld.people[s.number], s.data

    async def referral() -> dict | None:
        found = await ld.api.every("placements", "/referrals", person_id=person, status="open")
        return next((r for r in found if r["trigger"] == d["trigger"]), None)

    ref = await eventually(referral, f"a {d['trigger']} referral for {s.number}")
    if d["trigger"] == "rotl":
        await eventually(lambda: _on_rotl(ld, person), f"placements to see {s.number} on ROTL")
    base = f"/referrals/{ref['referral_id']}"
    await ld.api.post(
        "placements",
        f"{base}/risk-assessment",
        {"outcome": "approved", "assessed_on": d["checked_on"]},
    )
    await ld.api.post(
        "placements",
        f"{base}/disclosure-check",
        {"level": d["disclosure"], "checked_on": d["checked_on"]},
    )
    role = ld.roles[(d["provider"], d["opportunity"])]
    offer = await ld.api.post(
        "placements", f"{base}/offers", {"opportunity_id": role, "offered_on": d["starts_on"]}
    )
    await ld.api.post(
        "placements", f"{base}/offers/{offer['offer_id']}/accept", {"answered_on": d["starts_on"]}
    )
    made = await ld.api.post(
        "placements",
        "/placements",
        {"referral_id": ref["referral_id"], "starts_on": d["starts_on"]},
    )
    path = f"/placements/{made['placement_id']}"
    for worked_on, hours in d["hours"]:
        await ld.api.post("placements", f"{path}/hours", {"worked_on": worked_on, "hours": hours})
    if d["end"]:
        await ld.api.post("placements", f"{path}/end", d["end"])


async def _on_rotl(ld: Loader, person: str) -> bool | None:
    return (await ld.api.get("placements", f"/people/{person}"))["on_rotl"] or None


async def outcome(ld: Loader, s: Step) -> None:
    path = f"/people/{ld.people[s.number]}/outcomes"
    await eventually(lambda: ld.api.post("placements", path, s.data), f"outcome for {s.number}")
