"""The audit trail for admins (role `admin`): who read, changed or was refused which person's
data, when and why — `GET /admin/audit?person_id=&actor=&from=&to=`, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from pathways.messaging.tables import audit_log
from pathways.platform.inputs import Moment, Offset, limit_query, text_query
from pathways.platform.security import Principal, require

router = APIRouter(prefix="/admin/audit", tags=["admin"])
Limit = limit_query(500)


class AuditEntry(BaseModel):
    id: int = Field(description="The audit row's number")
    at: datetime = Field(description="When it happened (UTC)")
    actor: str = Field(description="Who acted: the token's subject")
    action: str = Field(description="What was done, e.g. read, update or refused")
    resource: str = Field(description="What kind of record")
    subject_id: str | None = Field(description="The person or record the entry is about")
    why: str | None = Field(description="The purpose: the X-Purpose header, else the route")
    correlation_id: str | None = Field(description="Links the request to the work it caused")


class AuditPage(BaseModel):
    items: list[AuditEntry]
    total: int
    limit: int
    offset: int


@router.get("", response_model=AuditPage)
async def query_audit(
    request: Request,
    person_id: text_query(100, description="The person (or record) the entry is about") = None,
    actor: text_query(200, description="Who acted (the token's subject)") = None,
    since: Annotated[Moment | None, Query(alias="from", description="At or after")] = None,
    until: Annotated[Moment | None, Query(alias="to", description="Before")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    _: Principal = Depends(require("admin")),
) -> AuditPage:
    """Who read, changed or was refused a person's data, when and why; newest first."""
    where = []
    if person_id is not None:
        where.append(audit_log.c.subject_id == person_id)
    if actor is not None:
        where.append(audit_log.c.actor == actor)
    if since is not None:
        where.append(audit_log.c.at >= since)
    if until is not None:
        where.append(audit_log.c.at < until)
    async with request.app.state.runtime.sessions() as session:
        total = await session.scalar(select(func.count()).select_from(audit_log).where(*where))
        rows = await session.execute(
            select(audit_log)
            .where(*where)
            .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        items = [AuditEntry.model_validate(r, from_attributes=True) for r in rows.all()]
    return AuditPage(items=items, total=int(total or 0), limit=limit, offset=offset)
