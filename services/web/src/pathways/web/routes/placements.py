"""The placements lead: referrals to act on and 6/26-week outcomes due; one referral's risk
assessment, offer, acceptance, start and hours worked."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import services, today
from pathways.web.forms import date_field, submitted
from pathways.web.parts import parts
from pathways.web.rendering import page
from pathways.web.routes.family import names
from pathways.web.session import User, flash, flash_problem, signed_in

router = APIRouter()
DOWN = [("", "The placements service is not available at the moment. Try again.")]
OUTCOME_STATUSES = ["employed", "education", "volunteering", "none"]


@router.get("/placements")
async def placements_home(
    request: Request, user: User = Depends(signed_in), api: Services = Depends(services)
) -> Any:
    got = await parts(
        referrals=api.placements.all_pages("/referrals", status="open"),
        due=api.placements.all_pages("/outcomes/due"),
    )
    ids = {str(r["person_id"]) for r in (got["referrals"].value or []) + (got["due"].value or [])}
    return page(
        request,
        "placements.html",
        title="Placements",
        parts=got,
        who=await names(api, ids),
        statuses=OUTCOME_STATUSES,
    )


async def _referral_page(
    request: Request, api: Services, referral_id: uuid.UUID, errors: list, status: int = 200
) -> Any:
    got = await parts(
        referral=api.placements.get(f"/referrals/{referral_id}"),
        opportunities=api.placements.all_pages("/opportunities", open="true"),
    )
    if got["referral"].status == 404:
        raise HTTPException(404, "no such referral")
    referral = got["referral"].value
    extra = await parts(
        person=api.placements.get(f"/people/{referral['person_id']}") if referral else _none(),
        placement=api.placements.get(f"/placements/{referral['placement_id']}")
        if referral and referral.get("placement_id")
        else _none(),
    )
    who = await names(api, {str(referral["person_id"])}) if referral else {}
    return page(
        request,
        "placement_referral.html",
        status,
        title="Placement referral",
        parts={**got, **extra},
        referral=referral,
        who=who,
        errors=errors,
        today=today().isoformat(),
    )


async def _none() -> None:
    return None


@router.get("/placements/referrals/{referral_id}")
async def referral(
    request: Request,
    referral_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    return await _referral_page(request, api, referral_id, [])


def _action(form: Any, action: str, rid: str, errors: list) -> tuple[str, dict[str, Any], str]:
    """(API path, body, confirmation) of one action on a referral."""
    if action == "risk":
        return (
            f"/referrals/{rid}/risk-assessment",
            {"outcome": form.get("outcome")},
            "Risk assessment recorded",
        )
    if action == "offer":
        return (
            f"/referrals/{rid}/offers",
            {"opportunity_id": form.get("opportunity_id")},
            "Offer made",
        )
    if action in ("accept", "decline"):
        offer = form.get("offer_id")
        return f"/referrals/{rid}/offers/{offer}/{action}", {}, f"Offer {action}ed"
    if action == "start":
        return "/placements", {"referral_id": rid}, "Placement started"
    if action == "hours":
        worked_on = date_field(form, "worked_on", "Date worked", errors) or today().isoformat()
        body = {"worked_on": worked_on, "hours": str(form.get("hours", "")).strip()}
        return f"/placements/{form.get('placement_id')}/hours", body, "Hours logged"
    raise HTTPException(404, "no such action")


@router.post("/placements/referrals/{referral_id}/{action}")
async def act(
    request: Request,
    referral_id: uuid.UUID,
    action: str,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    errors: list = []
    path, body, done = _action(form, action, str(referral_id), errors)
    if not errors:
        fields = {"hours": "hours", "outcome": "outcome"}
        then = (done, f"/placements/referrals/{referral_id}")
        if sent := await submitted(
            request, errors, api.placements.post(path, body), fields, DOWN, then
        ):
            return sent
    return await _referral_page(request, api, referral_id, errors, 400)


@router.post("/placements/outcomes/{person_id}")
async def record_outcome(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    body = {
        "weeks_after_release": int(str(form.get("weeks", "0")) or 0),
        "status": form.get("status") or "",
    }
    try:
        await api.placements.post(f"/people/{person_id}/outcomes", body)
    except (ApiRefused, ServiceUnavailable) as failed:
        text = "; ".join(m for _, m in getattr(failed, "messages", [])) or "not available"
        flash_problem(request, f"The outcome was not recorded: {text}")
    else:
        flash(request, f"{body['weeks_after_release']}-week outcome recorded")
    return RedirectResponse("/placements", 303)
