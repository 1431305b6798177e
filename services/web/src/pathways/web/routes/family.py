"""The family worker's home: my follow-ups due this week and overdue; complete one with an
outcome. Follow-ups are planned by the family service from custody events (e.g. a release)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import services, today
from pathways.web.forms import submitted
from pathways.web.parts import parts
from pathways.web.rendering import page
from pathways.web.session import User, signed_in

router = APIRouter()
DOWN = [("", "The family service is not available at the moment. Try again.")]
OUTCOMES = [
    "contact_made",
    "meeting_held",
    "no_answer",
    "family_declined",
    "did_not_attend",
    "referred_on",
]


async def names(api: Services, person_ids: set[str]) -> dict[str, str]:
    """Display names from intake (the family service knows people by id only)."""

    async def one(pid: str) -> tuple[str, str]:
        try:
            p = await api.intake.get(f"/people/{pid}")
        except (ApiRefused, ServiceUnavailable):
            return pid, "Name not available"
        name = " ".join(n for n in (p.get("given_name"), p.get("family_name")) if n)
        return pid, f"{name or 'No name'} ({p['prison_number']})"

    return dict(await asyncio.gather(*(one(pid) for pid in sorted(person_ids))))


@router.get("/family")
async def home(
    request: Request, user: User = Depends(signed_in), api: Services = Depends(services)
) -> Any:
    on = today()
    week_end = on + timedelta(days=7)
    got = await parts(
        open=api.family.all_pages("/tasks", owner=user.subject, status="open"),
    )
    tasks = got["open"].value or []
    overdue = sorted((t for t in tasks if t["due_on"] < on.isoformat()), key=lambda t: t["due_on"])
    this_week = sorted(
        (t for t in tasks if on.isoformat() <= t["due_on"] <= week_end.isoformat()),
        key=lambda t: t["due_on"],
    )
    later = sorted(
        (t for t in tasks if t["due_on"] > week_end.isoformat()), key=lambda t: t["due_on"]
    )
    who = await names(api, {str(t["person_id"]) for t in tasks})
    return page(
        request,
        "family_home.html",
        title="My follow-ups",
        part=got["open"],
        overdue=overdue,
        this_week=this_week,
        later=later,
        who=who,
    )


async def _task(api: Services, user: User, task_id: uuid.UUID) -> dict[str, Any]:
    """The family API has no GET /tasks/{id}: find it among my open follow-ups."""
    for task in await api.family.all_pages("/tasks", owner=user.subject, status="open"):
        if task["task_id"] == str(task_id):
            return task
    raise HTTPException(404, "no such open follow-up")


@router.get("/family/tasks/{task_id}")
async def completion_form(
    request: Request,
    task_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    task = await _task(api, user, task_id)
    who = await names(api, {str(task["person_id"])})
    return page(
        request,
        "family_complete.html",
        title="Complete a follow-up",
        task=task,
        who=who,
        outcomes=OUTCOMES,
        errors=[],
        chosen="",
    )


@router.post("/family/tasks/{task_id}")
async def complete(
    request: Request,
    task_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    outcome: Annotated[str, Form()] = "",
) -> Any:
    errors: list = []
    if outcome not in OUTCOMES:
        errors = [("outcome", "Select what came of the follow-up")]
    else:
        call = api.family.post(f"/tasks/{task_id}/completion", {"outcome": outcome})
        then = ("Follow-up completed", "/family")
        if sent := await submitted(request, errors, call, {"outcome": "outcome"}, DOWN, then):
            return sent
    task = await _task(api, user, task_id)
    who = await names(api, {str(task["person_id"])})
    return page(
        request,
        "family_complete.html",
        400,
        title="Complete a follow-up",
        task=task,
        who=who,
        outcomes=OUTCOMES,
        errors=errors,
        chosen=outcome,
    )


@router.get("/family/cases/{case_id}")
async def case_page(
    request: Request,
    case_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    got = await parts(case=api.family.get(f"/cases/{case_id}"))
    if got["case"].status == 404:
        raise HTTPException(404, "no such case")
    case = got["case"].value
    who = await names(api, {str(case["person_id"])}) if case else {}
    return page(
        request, "family_case.html", title="Family case", part=got["case"], case=case, who=who
    )
