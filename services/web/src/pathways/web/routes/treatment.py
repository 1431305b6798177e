"""The community-treatment handover (issue 16) on a person's release: refer them to the
community treatment provider for their destination area, record the first appointment
offered, and the provider's report (attended, did not attend, declined). Intake's API
validates every step (consent, release plan, dates); these pages shape the request and
show its refusals in the error summary."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import services, today
from pathways.web.forms import Errors, date_field, date_values, submitted, values
from pathways.web.rendering import page
from pathways.web.session import User, signed_in

router = APIRouter()
STEPS = {  # step -> (page title, intake path, button)
    "referral": ("Refer to community treatment", "referrals", "Refer"),
    "appointment": ("Record the first appointment", "appointment", "Save appointment"),
    "outcome": ("Record what the provider reported", "outcome", "Save outcome"),
}
OUTCOMES = {
    "attended": "Attended (engaged with treatment)",
    "did_not_attend": "Did not attend",
    "declined": "Declined treatment",
}
DOWN = [("", "The intake service is not available at the moment. Try again in a few minutes.")]


def _step(step: str) -> tuple[str, str, str]:
    if step not in STEPS:
        raise HTTPException(404, "no such handover step")
    return STEPS[step]


def _body(step: str, form: Any, errors: Errors) -> dict[str, Any]:
    if step == "referral":
        body: dict[str, Any] = {
            "referred_on": date_field(form, "referred_on", "Date referred", errors)
            or today().isoformat(),
            "appointment_on": date_field(form, "appointment_on", "Appointment", errors),
            "handover_id": str(form.get("handover_id") or uuid.uuid4()),  # a retry is one
        }
        provider, area = str(form.get("provider_code", "")), str(form.get("destination_area", ""))
        if provider:
            body["provider_code"] = provider
        elif area.strip():
            body["destination_area"] = area.strip()
        else:
            errors.append(("provider_code", "Select the provider, or enter the destination area"))
        return body
    if step == "appointment":
        on = date_field(form, "appointment_on", "Appointment", errors)
        if on is None and not errors:
            errors.append(("appointment_on-day", "Enter the date of the appointment"))
        return {"appointment_on": on}
    outcome = str(form.get("outcome", ""))
    if outcome not in OUTCOMES:
        errors.append(("outcome", "Select what the provider reported"))
    on = date_field(form, "on", "Date", errors) or today().isoformat()
    return {"outcome": outcome, "on": on}


async def _context(api: Services, person_id: uuid.UUID, step: str) -> dict[str, Any]:
    try:
        person = await api.intake.get(f"/people/{person_id}")
        handovers = await api.intake.get(f"/people/{person_id}/community-treatment")
        providers = await api.intake.get("/treatment-providers") if step == "referral" else []
    except ApiRefused as refused:
        raise HTTPException(refused.status, "; ".join(m for _, m in refused.messages)) from None
    except ServiceUnavailable:
        raise HTTPException(503, DOWN[0][1]) from None
    title, _, button = _step(step)
    return {
        "title": title,
        "button": button,
        "step": step,
        "person": person,
        "person_id": str(person_id),
        "handover": handovers[0] if handovers else None,
        "providers": [p for p in providers if p["active"]],
        "outcomes": OUTCOMES,
    }


@router.get("/people/{person_id}/community-treatment/{step}")
async def handover_form(
    request: Request,
    person_id: uuid.UUID,
    step: str,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    _step(step)
    context = await _context(api, person_id, step)
    form = {f"referred_on-{k}": v for k, v in date_values(today().isoformat()).items()}
    if step == "outcome":
        form = {f"on-{k}": v for k, v in date_values(today().isoformat()).items()}
    return page(request, "treatment.html", errors=[], form=form, **context)


@router.post("/people/{person_id}/community-treatment/{step}")
async def handover_step(
    request: Request,
    person_id: uuid.UUID,
    step: str,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    _, path, _ = _step(step)
    form = await request.form()
    errors: Errors = []
    body = _body(step, form, errors)
    if not errors:
        call = api.intake.post(f"/people/{person_id}/community-treatment/{path}", body)
        fields = {"provider_code": "provider_code", "outcome": "outcome"}
        then = ("Community treatment handover updated", f"/people/{person_id}")
        if sent := await submitted(request, errors, call, fields, DOWN, then):
            return sent
    context = await _context(api, person_id, step)
    shown = {**values(form), "handover_id": body.get("handover_id", "")}
    return page(request, "treatment.html", 400, errors=errors, form=shown, **context)
