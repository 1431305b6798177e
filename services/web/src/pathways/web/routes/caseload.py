"""Caseload: the people at my prisons, searched, filtered, sorted and paged, with status tags
from every service. The search term is posted and kept in the session: a name never goes
into a URL."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from pathways.web import caseload_view as view
from pathways.web.clients import Services
from pathways.web.deps import services, today
from pathways.web.parts import parts
from pathways.web.rendering import page
from pathways.web.session import User, signed_in

router = APIRouter()
SEARCH_KEY = "caseload_search"


async def _people(api: Services, prisons: tuple[str, ...]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for prison in prisons:
        found += await api.intake.all_pages("/people", prison_code=prison)
    return [p for p in found if p["status"] != "released"]


async def _ids(listing: Any, key: str = "person_id") -> set[str]:
    return {str(item[key]) for item in await listing}


async def _waiting(api: Services, prisons: tuple[str, ...]) -> set[str]:
    lists = [_ids(api.mentoring.all_pages("/waiting", 200, prison_code=p)) for p in prisons]
    return set().union(*await asyncio.gather(*lists))


async def _mentored(api: Services, prisons: tuple[str, ...]) -> set[str]:
    lists = [
        _ids(
            api.mentoring.all_pages("/matches", 200, prison_code=p, status="active"),
            "mentee_person_id",
        )
        for p in prisons
    ]
    return set().union(*await asyncio.gather(*lists))


async def _release_dates(api: Services, people: list[dict[str, Any]]) -> dict[str, str]:
    """intake's list has no release date: read each person's record (gap, see README)."""
    limit = asyncio.Semaphore(8)

    async def one(pid: str) -> tuple[str, str | None]:
        async with limit:
            record = await api.intake.get(f"/people/{pid}")
        plan = record.get("release_plan") or {}
        return pid, plan.get("expected_on")

    pairs = await asyncio.gather(*(one(str(p["person_id"])) for p in people))
    return {pid: on for pid, on in pairs if on}


async def _none() -> set[str]:
    return set()


@router.get("/caseload")
async def caseload(
    request: Request,
    user: User = Depends(signed_in),
    api: Services = Depends(services),
    filters: Annotated[list[str], Query(alias="filter")] = [],  # noqa: B006
    sort: Annotated[str, Query(pattern="^(name|prison_number|received|wing)$")] = "name",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Any:
    on: date = today()
    prisons = user.caseload
    people_part = (await parts(people=_people(api, prisons)))["people"]
    people = people_part.value or []
    got = await parts(
        waiting=_waiting(api, prisons) if user.has("mentoring") else _none(),
        mentored=_mentored(api, prisons) if user.has("mentoring") else _none(),
        family=_ids(api.family.all_pages("/cases")) if user.has("family") else _none(),
        overdue=_ids(api.family.all_pages("/tasks", status="open", due_before=on.isoformat()))
        if user.has("family")
        else _none(),
    )
    wants_release = any(f.startswith("release_") for f in filters)
    if wants_release:
        got.update(await parts(release=_release_dates(api, people)))
    flags = view.Flags(
        waiting=got["waiting"].value or set(),
        mentored=got["mentored"].value or set(),
        family_case=got["family"].value or set(),
        overdue=got["overdue"].value or set(),
        release_on=(got["release"].value or {}) if wants_release else {},
    )
    search = request.session.get(SEARCH_KEY, "")
    rows, total = view.arrange(
        people,
        search=search,
        chosen=[f for f in filters if f in view.FILTERS],
        flags=flags,
        sort=sort,
        descending=order == "desc",
        page=page_number,
        today=on,
    )
    problems = [p for p in [people_part, *got.values()] if not p.ok]
    return page(
        request,
        "caseload.html",
        title="Caseload",
        rows=rows,
        total=total,
        search=search,
        chosen=filters,
        filters=view.FILTERS,
        sorts=view.SORTS,
        sort=sort,
        order=order,
        page_number=page_number,
        pages=max(1, -(-total // view.PAGE_SIZE)),
        problems=problems,
        prisons=prisons,
        today=on,
        link=lambda **change: view.link(
            filters, {"sort": sort, "order": order, "page": page_number, **change}
        ),
    )


@router.post("/caseload/search")
async def search(
    request: Request, user: User = Depends(signed_in), q: Annotated[str, Form()] = ""
) -> RedirectResponse:
    request.session[SEARCH_KEY] = q.strip()[:100]
    return RedirectResponse("/caseload", status_code=303)
