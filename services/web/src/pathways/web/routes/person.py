"""One person across the services: custody and movements, referral and consent, assessments
and days clean, mentoring, the family case and its follow-ups, placements — with the
release-date countdown and the Friday warning. Also the print-ready release pack."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from pathways.web import present
from pathways.web.clients import Services
from pathways.web.deps import services, today
from pathways.web.parts import Part, part, parts
from pathways.web.rendering import page
from pathways.web.session import User, signed_in

router = APIRouter()


async def _family(api: Services, pid: str) -> dict[str, Any] | None:
    cases = await api.family.get("/cases", person_id=pid)
    if not cases["items"]:
        return None
    return await api.family.get(f"/cases/{cases['items'][0]['case_id']}")


async def _placements(api: Services, pid: str) -> dict[str, Any]:
    referrals = await api.placements.all_pages("/referrals", person_id=pid)
    placements = [
        await api.placements.get(f"/placements/{r['placement_id']}")
        for r in referrals
        if r.get("placement_id")
    ]
    return {"referrals": referrals, "placements": placements}


async def _matches(api: Services, pid: str) -> list[dict[str, Any]]:
    return await api.mentoring.all_pages("/matches", 200, person_id=pid)


async def _skip() -> None:
    return None


async def gather_person(api: Services, user: User, person_id: uuid.UUID) -> dict[str, Part]:
    pid = str(person_id)
    got = await parts(
        person=api.intake.get(f"/people/{pid}"),
        matches=_matches(api, pid) if user.has("mentoring") else _skip(),
        family=_family(api, pid) if user.has("family") else _skip(),
        placements=_placements(api, pid) if user.has("placements") else _skip(),
    )
    if got["person"].status == 404:
        raise HTTPException(404, "no such person")
    got["treatment"] = await part(_treatment(api, pid)) if _handover_due(user, got) else Part()
    return got


def _handover_due(user: User, got: dict[str, Part]) -> bool:
    """A community-treatment handover is made on a release plan or after the release."""
    person = got["person"].value or {}
    return user.has("intake") and bool(person.get("release_plan") or
                                       person.get("status") == "released")  # fmt: skip


async def _treatment(api: Services, pid: str) -> dict[str, Any]:
    """The current custody period's handover (newest first), and the providers' names."""
    handovers = await api.intake.get(f"/people/{pid}/community-treatment")
    names = {p["provider_code"]: p["name"] for p in await api.intake.get("/treatment-providers")}
    return {"handover": handovers[0] if handovers else None, "providers": names}


def release_facts(person: dict[str, Any] | None) -> dict[str, Any]:
    plan = (person or {}).get("release_plan") or {}
    on = plan.get("expected_on")
    return {
        "on": on,
        "type": plan.get("release_type"),
        "countdown": present.countdown(on, today()) if on else None,
        "friday": present.is_friday(on),
        "days": present.days_until(on, today()),
    }


async def _person_view(
    request: Request, api: Services, user: User, person_id: uuid.UUID, template: str, title: str
) -> Any:
    """The page of everything about one person (`title` with `{name}` for their name)."""
    got = await gather_person(api, user, person_id)
    person = got["person"].value
    return page(
        request, template, title=title.format(name=_name(person)), parts=got, person=person,
        release=release_facts(person), person_id=str(person_id),
    )  # fmt: skip


@router.get("/people/{person_id}")
async def person_page(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    return await _person_view(request, api, user, person_id, "person.html", "{name}")


@router.get("/people/{person_id}/release-pack")
async def release_pack(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    title = "Release pack: {name}"
    return await _person_view(request, api, user, person_id, "release_pack.html", title)


def _name(person: dict[str, Any] | None) -> str:
    if not person:
        return "Person"
    names = [person.get("given_name"), person.get("family_name")]
    return " ".join(n for n in names if n) or person["prison_number"]
