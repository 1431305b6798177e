"""Reception (first-night screening) and referral with consent per team (the assessment's
pages are assessment.py)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import LONDON, services, today
from pathways.web.forms import date_field, date_values, refused_errors, submitted, values
from pathways.web.rendering import page
from pathways.web.session import User, flash, signed_in

router = APIRouter()
SUBSTANCES = [
    "alcohol",
    "opiates",
    "crack",
    "cocaine",
    "amphetamines",
    "cannabis",
    "benzodiazepines",
    "synthetic_cannabinoids",
    "other",
]
TEAMS = ["mentoring", "family", "placements", "community_treatment", "probation"]
REFERRAL = {"title": "Refer to the programme", "teams": TEAMS, "substances": SUBSTANCES}
REFERRAL_FIELDS = {"substances": "substances", "source": "source"}  # API field: form id
DOWN = [("", "The intake service is not available at the moment. Try again in a few minutes.")]


def _reception_body(form: Any, errors: list) -> dict[str, Any]:
    body: dict[str, Any] = {
        "prison_number": str(form.get("prison_number", "")).strip().upper(),
        "prison_code": form.get("prison_code", ""),
        "received_at": datetime.now(LONDON).isoformat(),
        "reason": form.get("reason") or "new_admission",
    }
    for name in ("given_name", "family_name", "wing", "category"):
        if str(form.get(name, "")).strip():
            body[name] = str(form[name]).strip()
    body["date_of_birth"] = date_field(form, "date_of_birth", "Date of birth", errors)
    if form.get("placement"):
        body["screening"] = {
            "risk_to_self": form.get("risk_to_self") or "none",
            "dependency": form.get("dependency") or "none",
            "placement": form["placement"],
            "on_medication": form.get("on_medication") == "yes",
            "learning_needs": form.get("learning_needs") == "yes",
            "next_of_kin_recorded": form.get("next_of_kin_recorded") == "yes",
        }
    return body


@router.get("/reception")
async def reception_form(request: Request, user: User = Depends(signed_in)) -> Any:
    return page(request, "reception.html", title="Receive a person", errors=[], form={})


@router.post("/reception")
async def receive(
    request: Request, user: User = Depends(signed_in), api: Services = Depends(services)
) -> Any:
    form = await request.form()
    errors: list = []
    body = _reception_body(form, errors)
    if not errors:
        try:
            received = await api.intake.post("/people", body)
        except ApiRefused as refused:
            errors = refused_errors(refused, {"prison_number": "prison_number"})
        except ServiceUnavailable:
            errors = DOWN
        else:
            flash(request, f"{received['prison_number']} received at {received['prison_code']}")
            return RedirectResponse(f"/people/{received['person_id']}/referral", 303)
    return page(
        request, "reception.html", 400, title="Receive a person", errors=errors, form=values(form)
    )


async def person_of(api: Services, person_id: uuid.UUID) -> dict[str, Any] | None:
    try:
        return await api.intake.get(f"/people/{person_id}")
    except (ApiRefused, ServiceUnavailable):
        return None


async def person_page(
    request: Request,
    api: Services,
    person_id: uuid.UUID,
    template: str,
    status: int = 200,
    **context: Any,
) -> Any:
    """A form about one person, with the person beside it (None when intake cannot say)."""
    person = await person_of(api, person_id)
    return page(request, template, status, person=person, person_id=str(person_id), **context)


@router.get("/people/{person_id}/referral")
async def referral_form(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = {f"referred_on-{k}": v for k, v in date_values(today().isoformat()).items()}
    return await person_page(
        request, api, person_id, "referral.html", errors=[], form=form, **REFERRAL
    )


@router.post("/people/{person_id}/referral")
async def refer(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    errors: list = []
    body = {
        "referred_on": date_field(form, "referred_on", "Date referred", errors)
        or today().isoformat(),
        "source": form.get("source") or "",
        "substances": form.getlist("substances"),
        "urgency": form.get("urgency") or "routine",
        "consents": [
            {"recipient": team, "granted": form.get(f"consent_{team}") == "yes"}
            for team in TEAMS
            if form.get(f"consent_{team}") in ("yes", "no")
        ],
        "referral_id": str(form.get("referral_id") or uuid.uuid4()),  # a retry is one referral
    }
    if not errors:
        call = api.intake.post(f"/people/{person_id}/referrals", body)
        then = ("Referral recorded", f"/people/{person_id}")
        if sent := await submitted(request, errors, call, REFERRAL_FIELDS, DOWN, then):
            return sent
    shown = {**values(form), "referral_id": body["referral_id"]}
    return await person_page(
        request, api, person_id, "referral.html", 400, errors=errors, form=shown, **REFERRAL
    )
