"""Staff API: family cases (role `family`; writes need write access). Every route that reads
or changes a person's data is audited by its handler."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from pathways.family.adapters.unit_of_work import FamilyUnitOfWork
from pathways.family.entrypoints import requests as rq
from pathways.family.entrypoints import responses as rs
from pathways.family.entrypoints.dependencies import (
    Paging,
    paging_dependency,
    reader,
    uow_dependency,
    writer,
)
from pathways.family.entrypoints.mapping import case_out, case_summary
from pathways.family.service_layer import cases
from pathways.family.service_layer.commands import AssignWorker, OpenCase
from pathways.platform.caseload import visible_prisons
from pathways.platform.security import Principal

router = APIRouter(prefix="/cases", tags=["cases"])


@router.post("", status_code=201, response_model=rs.CaseOut)
async def open_case(
    body: rq.OpenCaseIn, principal: Principal = writer, uow: FamilyUnitOfWork = uow_dependency
) -> rs.CaseOut:
    """Open the family case of a person intake has received (422 `unknown_person` otherwise,
    409 `case_exists` if they have one). Follow-ups still due are scheduled at once."""
    command = OpenCase(body.person_id, body.worker or principal.subject, principal.subject)
    return case_out(await cases.open_case(command, uow))


@router.get("", response_model=rs.Page[rs.CaseSummaryOut])
async def find_cases(
    person_id: UUID | None = Query(None),
    worker: str | None = Query(None, max_length=100, description="Cases owned by this worker"),
    page: Paging = paging_dependency,
    principal: Principal = reader,
    uow: FamilyUnitOfWork = uow_dependency,
) -> rs.Page[rs.CaseSummaryOut]:
    """Cases by person or worker, each with the contact restrictions in force today."""
    views, total = await cases.find_cases(
        principal.subject,
        uow,
        person_id=person_id,
        worker=worker,
        prisons=visible_prisons(principal, "family"),
        limit=page.limit,
        offset=page.offset,
    )
    return rs.Page(
        items=[case_summary(v) for v in views], total=total, limit=page.limit, offset=page.offset
    )


@router.get("/{case_id}", response_model=rs.CaseOut)
async def get_case(
    case_id: UUID, principal: Principal = reader, uow: FamilyUnitOfWork = uow_dependency
) -> rs.CaseOut:
    """The whole case: members, agencies, consent, sharing, safeguarding, restrictions
    (those in force today listed first), contacts and follow-up tasks."""
    return case_out(await cases.get_case(case_id, principal.subject, uow))


@router.put("/{case_id}/worker", response_model=rs.CaseOut)
async def assign_worker(
    case_id: UUID,
    body: rq.AssignWorkerIn,
    principal: Principal = writer,
    uow: FamilyUnitOfWork = uow_dependency,
) -> rs.CaseOut:
    """Hand the case to another worker; open follow-up tasks follow the new owner."""
    command = AssignWorker(case_id, body.worker, principal.subject)
    return case_out(await cases.assign_worker(command, uow))
