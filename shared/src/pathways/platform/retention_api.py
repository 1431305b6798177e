"""Retention by hand (role `admin`): `POST /admin/retention/purge?dryRun=true` lists what a
purge would remove (ids and counts, never personal data); without dryRun it removes it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field

from pathways.platform.errors import InvalidInput
from pathways.platform.inputs import Moment
from pathways.platform.retention import purge
from pathways.platform.security import Principal, authenticate, require

router = APIRouter(prefix="/admin/retention", tags=["admin"])


class PurgeOut(BaseModel):
    """What a purge run removed (or, in a dry run, would remove)."""

    as_of: datetime = Field(description="The moment retention was reckoned from (UTC)")
    dry_run: bool = Field(description="True: nothing was removed, this is what would go")
    people: list[str] = Field(
        description="Ids of the people this service found past retention (intake decides; "
        "the other services forget a person when intake's retention_applied event arrives)"
    )
    counts: dict[str, int] = Field(
        description="Rows removed per table; `expired_*` are rows about no one in particular "
        "past their own period (published outbox, inbox, dead letters, audit)",
        examples=[{"people": 1, "outbox": 3, "audit_log": 7, "expired_inbox": 120}],
    )


@router.post("/purge", response_model=PurgeOut)
async def purge_now(
    request: Request,
    dry_run: Annotated[
        bool, Query(alias="dryRun", description="List what would go; remove nothing")
    ] = False,
    as_of: Annotated[
        Moment | None,
        Query(alias="asOf", description="Reckon retention at this moment (default: now)"),
    ] = None,
    _: Principal = Depends(require("admin")),
) -> PurgeOut:
    """Run the retention purge now (admin; a real run needs the write role)."""
    principal = authenticate(request)
    if not dry_run and not principal.can("admin", write=True):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="a purge needs the role admin")
    if as_of is not None and as_of.tzinfo is None:
        raise InvalidInput("asOf needs a UTC offset, e.g. 2033-01-01T00:00:00Z")
    report = await purge(
        request.app.state.runtime, as_of=as_of, dry_run=dry_run, actor=principal.subject
    )
    return PurgeOut(
        as_of=report.as_of, dry_run=report.dry_run, people=report.people, counts=report.counts
    )
