"""An assessment (BARC-10 with its total computed as you choose, the Treatment Outcomes
Profile, plus the date clean since), recorded in intake."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from pathways.web.clients import Services
from pathways.web.deps import services, today
from pathways.web.forms import date_field, submitted, values
from pathways.web.routes.reception import DOWN, person_page
from pathways.web.session import User, signed_in

router = APIRouter()
TITLE = "Record an assessment"
FIELDS = {"barc10": "barc10_1", "clean_since": "clean_since-day"}  # API field: form id
TOP_SUBSTANCES = [
    "alcohol",
    "opiates",
    "crack",
    "cocaine",
    "amphetamines",
    "cannabis",
    "tobacco",
    "other",
]
TOP_NUMBERS = [
    "injecting_days",
    "crime_days",
    "psychological_health",
    "physical_health",
    "quality_of_life",
]


def _top(form: Any, errors: list) -> dict[str, Any]:
    """The Treatment Outcomes Profile: days used in the last 28 per substance, and scores."""

    def number(name: str) -> int:
        text = str(form.get(name, "")).strip() or "0"
        if not text.isdigit():
            errors.append((name, f"{name.replace('_', ' ').capitalize()} must be a whole number"))
            return 0
        return int(text)

    used = {s: number(f"days_{s}") for s in TOP_SUBSTANCES}
    return {
        "stage": form["top_stage"],
        "days_used": {s: n for s, n in used.items() if n},
        **{name: number(name) for name in TOP_NUMBERS},
        "housing_problem": form.get("housing_problem") == "yes",
    }


@router.get("/people/{person_id}/assessment")
async def assessment_form(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    return await person_page(
        request, api, person_id, "assessment.html", title=TITLE, errors=[], form={}
    )


@router.post("/people/{person_id}/assessment")
async def assess(
    request: Request,
    person_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    errors: list = []
    answers = [str(form.get(f"barc10_{i}", "")) for i in range(1, 11)]
    body: dict[str, Any] = {
        "assessed_on": date_field(form, "assessed_on", "Date assessed", errors)
        or today().isoformat(),
        "clean_since": date_field(form, "clean_since", "Clean since", errors),
        "assessment_id": str(form.get("assessment_id") or uuid.uuid4()),
    }
    if any(answers):
        if not all(answers):
            errors.append(("barc10_1", "Answer all ten BARC-10 questions, or none"))
        else:
            body["barc10"] = [int(a) for a in answers]
    if form.get("top_stage"):
        body["top"] = _top(form, errors)
    if not errors:
        call = api.intake.post(f"/people/{person_id}/assessments", body)
        then = ("Assessment recorded", f"/people/{person_id}")
        if sent := await submitted(request, errors, call, FIELDS, DOWN, then):
            return sent
    shown = {**values(form), "assessment_id": body["assessment_id"]}
    return await person_page(
        request, api, person_id, "assessment.html", 400, title=TITLE, errors=errors, form=shown
    )
