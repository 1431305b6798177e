"""The peer-mentor coordinator: the waiting list, a matching run with each proposal's score
and explanation, approve or turn down, and log a session of an active match."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import services, today
from pathways.web.forms import date_field, date_values, submitted, values
from pathways.web.parts import parts
from pathways.web.rendering import page
from pathways.web.routes.family import names
from pathways.web.session import User, flash, flash_problem, signed_in

router = APIRouter()
SESSION_KINDS = [
    "first_night_visit",
    "one_to_one",
    "group",
    "harm_minimisation",
    "relapse_prevention",
    "release_preparation",
]
DOWN = [("", "The mentoring service is not available at the moment. Try again.")]


def _prison(user: User, prison: str | None) -> str:
    return prison if prison in user.caseload else (user.caseload[0] if user.caseload else "")


@router.get("/mentoring")
async def mentoring_home(
    request: Request,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    prison: Annotated[str | None, Query(pattern="^[A-Z]{3}$")] = None,
) -> Any:
    code = _prison(user, prison)
    got = await parts(
        waiting=api.mentoring.all_pages("/waiting", 200, prison_code=code),
        proposed=api.mentoring.all_pages("/matches", 200, prison_code=code, status="proposed"),
        active=api.mentoring.all_pages("/matches", 200, prison_code=code, status="active"),
        mentors=api.mentoring.all_pages("/mentors", 200, prison_code=code),
    )
    ids = {str(m["person_id"]) for m in (got["waiting"].value or []) + (got["mentors"].value or [])}
    for match in (got["proposed"].value or []) + (got["active"].value or []):
        ids |= {str(match["mentee_person_id"]), str(match["mentor_person_id"])}
    return page(
        request,
        "mentoring.html",
        title="Mentoring",
        parts=got,
        prison=code,
        who=await names(api, ids),
        kinds=SESSION_KINDS,
    )


@router.post("/mentoring/runs")
async def run_matching(
    request: Request,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    prison: Annotated[str, Form()] = "",
) -> Any:
    code = _prison(user, prison)
    try:
        run = await api.mentoring.post("/matching/runs", {"prison_code": code})
    except (ApiRefused, ServiceUnavailable) as failed:
        text = "; ".join(m for _, m in getattr(failed, "messages", [])) or "not available"
        flash_problem(request, f"The matching run did not happen: {text}")
    else:
        made = "proposals" if run["mode"] == "proposal" else "matches"
        flash(
            request,
            f"Matching run: {len(run['matches'])} {made}, "
            f"{len(run['still_waiting'])} still waiting",
        )
    return RedirectResponse(f"/mentoring?prison={code}", 303)


@router.post("/mentoring/matches/{match_id}/decision")
async def decide(
    request: Request,
    match_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    decision: Annotated[str, Form()] = "",
    prison: Annotated[str, Form()] = "",
) -> Any:
    approved = decision == "approve"
    try:
        await api.mentoring.post(f"/matches/{match_id}/approval", {"approved": approved})
    except (ApiRefused, ServiceUnavailable) as failed:
        text = "; ".join(m for _, m in getattr(failed, "messages", [])) or "not available"
        flash_problem(request, f"The decision was not recorded: {text}")
    else:
        flash(request, "Match approved" if approved else "Proposal turned down")
    return RedirectResponse(f"/mentoring?prison={_prison(user, prison)}", 303)


@router.get("/mentoring/matches/{match_id}/session")
async def session_form(
    request: Request,
    match_id: uuid.UUID,
    user: User = Depends(signed_in),
) -> Any:
    form = {f"held_on-{k}": v for k, v in date_values(today().isoformat()).items()}
    return page(
        request,
        "session.html",
        title="Log a session",
        match_id=str(match_id),
        kinds=SESSION_KINDS,
        errors=[],
        form=form,
    )


@router.post("/mentoring/matches/{match_id}/session")
async def log_session(
    request: Request,
    match_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    errors: list = []
    held_on = date_field(form, "held_on", "Date held", errors)
    minutes = str(form.get("minutes", "")).strip()
    if not minutes.isdigit():
        errors.append(("minutes", "Enter the minutes as a whole number, like 30"))
    if not errors:
        body = {
            "kind": form.get("kind") or "",
            "held_on": held_on or today().isoformat(),
            "minutes": int(minutes),
            "notes": str(form.get("notes", "")),
        }
        call = api.mentoring.post(f"/matches/{match_id}/sessions", body)
        fields = {"kind": "kind", "minutes": "minutes"}
        if sent := await submitted(
            request, errors, call, fields, DOWN, ("Session logged", "/mentoring")
        ):
            return sent
    return page(
        request,
        "session.html",
        400,
        title="Log a session",
        match_id=str(match_id),
        kinds=SESSION_KINDS,
        errors=errors,
        form=values(form),
    )


def _mentor_call(action: str, mentor_id: str, module: str) -> tuple[str, dict[str, Any], str]:
    """(API path, body, confirmation) of one step of a mentor's training or status."""
    on = today().isoformat()
    if action == "module" and module:
        return f"/mentors/{mentor_id}/modules/{module}", {"completed_on": on}, "Module completed"
    if action == "qualify":
        return f"/mentors/{mentor_id}/qualification", {"awarded_on": on}, "Mentor qualified"
    if action == "activate":
        return f"/mentors/{mentor_id}/status", {"action": "activate"}, "Mentor activated"
    raise HTTPException(404, "no such step")


@router.post("/mentoring/mentors/{mentor_id}/{action}")
async def mentor_step(
    request: Request,
    mentor_id: uuid.UUID,
    action: str,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    module: Annotated[str, Form()] = "",
    prison: Annotated[str, Form()] = "",
) -> Any:
    path, body, done = _mentor_call(action, str(mentor_id), module)
    try:
        await api.mentoring.post(path, body)
    except (ApiRefused, ServiceUnavailable) as failed:
        text = "; ".join(m for _, m in getattr(failed, "messages", [])) or "not available"
        flash_problem(request, f"Not recorded: {text}")
    else:
        flash(request, done)
    return RedirectResponse(f"/mentoring?prison={_prison(user, prison)}", 303)
