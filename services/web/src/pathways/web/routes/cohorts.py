"""Training cohorts: the coordinator starts a cohort on the day its six-week course began
(past allowed, so a course already running can be recorded), then enrols people in it by
prison number, each on the day they joined."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from pathways.web.clients import ApiRefused, Services, ServiceUnavailable
from pathways.web.deps import services, today
from pathways.web.forms import date_field, date_values, refused_errors, values
from pathways.web.present import long_date
from pathways.web.rendering import page
from pathways.web.session import User, flash, signed_in

router = APIRouter()
DOWN = [("", "The mentoring service is not available at the moment. Try again.")]


def _today_in(name: str) -> dict[str, str]:
    return {f"{name}-{k}": v for k, v in date_values(today().isoformat()).items()}


@router.get("/mentoring/cohorts/new")
async def new_cohort(request: Request, user: User = Depends(signed_in)) -> Any:
    form = {"prison": user.caseload[0] if user.caseload else "", **_today_in("starts_on")}
    return page(request, "cohort_new.html", title="Start a training cohort", errors=[], form=form)


@router.post("/mentoring/cohorts")
async def create_cohort(
    request: Request, user: User = Depends(signed_in), api: Services = Depends(services)
) -> Any:
    form = await request.form()
    errors: list = []
    name = str(form.get("name", "")).strip()
    if not name:
        errors.append(("name", "Enter the cohort's name, like Spring 2026"))
    starts_on = date_field(form, "starts_on", "Start date", errors)
    if not starts_on and not errors:
        errors.append(("starts_on-day", "Enter the day the course began"))
    prison = str(form.get("prison", ""))
    if not errors:
        body = {"name": name, "prison_code": prison, "starts_on": starts_on}
        try:
            made = await api.mentoring.post("/cohorts", body)
        except ApiRefused as refused:
            errors = refused_errors(refused, {"name": "name", "starts_on": "starts_on-day"})
        except ServiceUnavailable:
            errors = DOWN
        else:
            flash(
                request,
                f"Cohort {made['name']} recorded, course began {long_date(made['starts_on'])}",
            )
            return RedirectResponse(f"/mentoring/cohorts/{made['cohort_id']}", 303)
    context = {"title": "Start a training cohort", "errors": errors, "form": values(form)}
    return page(request, "cohort_new.html", 400, **context)


async def _cohort_page(request, api, cohort_id, errors, form, status=200) -> Any:
    try:
        cohort = await api.mentoring.get(f"/cohorts/{cohort_id}")
    except ApiRefused as refused:
        return page(
            request,
            "cohort.html",
            refused.status,
            title="Cohort",
            cohort=None,
            errors=refused_errors(refused),
            form={},
        )
    title = f"Cohort {cohort['name']}"
    context = {"title": title, "cohort": cohort, "errors": errors, "form": form}
    return page(request, "cohort.html", status, **context)


@router.get("/mentoring/cohorts/{cohort_id}")
async def cohort_page(
    request: Request,
    cohort_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    return await _cohort_page(request, api, cohort_id, [], _today_in("enrolled_on"))


@router.post("/mentoring/cohorts/{cohort_id}/mentors")
async def enrol(
    request: Request,
    cohort_id: uuid.UUID,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
) -> Any:
    form = await request.form()
    errors: list = []
    enrolled_on = date_field(form, "enrolled_on", "Date enrolled", errors)
    number = str(form.get("prison_number", "")).strip().upper()
    found = None
    if not number:
        errors.append(("prison_number", "Enter the prison number, like A1234BC"))
    try:
        if number:
            found = await api.intake.get("/people", prison_number=number)
        if number and not found["items"]:
            errors.append(("prison_number", f"Nobody with prison number {number} is known"))
        if not errors:
            body = {"person_id": found["items"][0]["person_id"], "enrolled_on": enrolled_on}
            await api.mentoring.post(f"/cohorts/{cohort_id}/mentors", body)
    except ApiRefused as refused:
        errors = refused_errors(refused, {"enrolled_on": "enrolled_on-day"})
    except ServiceUnavailable:
        errors = [("", "A service is not available at the moment. Try again.")]
    if errors:
        return await _cohort_page(request, api, cohort_id, errors, values(form), 400)
    flash(request, f"{number} enrolled in the cohort")
    return RedirectResponse(f"/mentoring?prison={form.get('prison', '')}", 303)
