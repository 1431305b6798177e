"""The HTML dashboard at /outcomes and the browser sign-in that sets the token cookie."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import jwt
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pathways.outcomes.entrypoints.api import FROM, PRISON, TO, load_summary, range_days
from pathways.outcomes.entrypoints.auth import sees_people
from pathways.outcomes.entrypoints.page import dashboard_page, message_page
from pathways.outcomes.entrypoints.page_manager import prisons_section, trends_section
from pathways.outcomes.entrypoints.page_people import (
    WORKERS_OUTSIDE_CASELOAD,
    drill_list,
    workers_section,
)
from pathways.outcomes.service_layer import manager_queries as mq
from pathways.outcomes.service_layer import people_queries as pq
from pathways.outcomes.service_layer.queries import SummaryQuery, today
from pathways.platform.errors import DomainError
from pathways.platform.inputs import Day
from pathways.platform.security import TOKEN_COOKIE, Principal, authenticate

router = APIRouter(prefix="/outcomes", tags=["dashboard"])
T = TypeVar("T")
SIGN_IN = (
    "Sign in first: open /outcomes/login?token=YOUR_TOKEN with a token that has the "
    "reporting role (make token ROLES=reporting:read)."
)


def _html(title: str, message: str, code: int) -> HTMLResponse:
    return HTMLResponse(message_page(title, message), status_code=code)


def _refusal(request: Request) -> HTMLResponse | None:
    try:
        principal = authenticate(request)
    except HTTPException as exc:
        return _html("Not signed in", f"{exc.detail}. {SIGN_IN}", 401)
    if not principal.can("reporting", write=False):
        return _html("Not allowed", "This page needs the role reporting or reporting:read.", 403)
    return None


async def drill_down(
    request: Request, load: Callable[[Principal], Awaitable[T]], render: Callable[[T], str]
) -> HTMLResponse:
    """A drill-down page: the signed-in reader's rows from `load`, rendered, or a page that
    says why not (not signed in, no reporting role, outside the caseload, bad range)."""
    if refusal := _refusal(request):
        return refusal
    try:
        rows = await load(authenticate(request))
    except DomainError as exc:
        return _html("Cannot show these people", exc.message, exc.status_code)
    return HTMLResponse(render(rows))


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    prison_code: str | None = PRISON,
    start: Day | None = FROM,
    end: Day | None = TO,
) -> HTMLResponse:
    """The dashboard (role reporting, by bearer header or the sign-in cookie)."""
    if refusal := _refusal(request):
        return refusal
    try:
        figures = await load_summary(request, prison_code, start, end)
    except DomainError as exc:
        return _html("Cannot show these figures", exc.message, exc.status_code)
    runtime = request.app.state.runtime
    days = range_days(request)
    async with runtime.new_uow() as uow:
        rebuilding = (await uow.state.get()).rebuild_targets is not None
        trends = await mq.trends(SummaryQuery(prison_code, start, end), uow, days)
        prisons = await mq.prisons(SummaryQuery(None, start, end), uow, days)
        workers = await pq.workers(SummaryQuery(prison_code, start, end), uow, days)
    as_of = min(figures.to_date, today())
    mine = sees_people(authenticate(request), prison_code)
    extra = [
        workers_section(figures, workers, as_of) if mine else WORKERS_OUTSIDE_CASELOAD,
        drill_list(figures),
        trends_section(trends),
        prisons_section(prisons, f"from={figures.from_date}&to={figures.to_date}"),
    ]
    return HTMLResponse(dashboard_page(figures, rebuilding, extra))


@router.get("/login", response_class=HTMLResponse)
async def login(
    request: Request, token: str = Query(min_length=1, max_length=10_000)
) -> HTMLResponse:
    """Check the token (role reporting), keep it in an HttpOnly cookie, go to the dashboard."""
    try:
        principal = request.app.state.verifier.verify(token)
    except jwt.PyJWTError as exc:
        return _html("Not signed in", f"That token is not valid ({exc}). {SIGN_IN}", 401)
    if not principal.can("reporting", write=False):
        return _html("Not allowed", "That token does not have the role reporting.", 403)
    response = RedirectResponse("/outcomes", status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response  # type: ignore[return-value]


@router.get("/logout", response_class=HTMLResponse)
async def logout() -> HTMLResponse:
    """Sign out of the dashboard: removes the sign-in cookie."""
    response = _html("Signed out", "The sign-in cookie is removed.", 200)
    response.delete_cookie(TOKEN_COOKIE, path="/")
    return response
