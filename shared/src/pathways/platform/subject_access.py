"""Subject access requests, in the shape the ministry's HMPPS services answer them:
`GET /subject-access-request?prn=&fromDate=&toDate=` (role `sar`, national by nature: the
information-assurance team answers for the whole estate, so no caseload applies).

200 `{"content": {...}}` with everything the service holds about the person, 204 when it
holds nothing, 400 (the common error body) on a bad prison number or dates. Staff are named
by role only and other people's ids are blanked (`redact`); each request is audited with
`why=subject_access_request`. A service gives a `SubjectAccess`: how to find the person by
prison number (default: the kit's `person_numbers`) and a collector of its own rows; the
kit adds the audit rows about the person (who read or changed what, when, why)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.context import bind_purpose
from pathways.messaging.person_numbers import people_numbered
from pathways.messaging.tables import audit_log
from pathways.platform.errors import DomainError
from pathways.platform.redaction import redact
from pathways.platform.security import Principal, require

ROLE = "sar"
PURPOSE = "subject_access_request"
PRISON_NUMBER = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}")


class BadRequest(DomainError):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_request")


@dataclass(frozen=True)
class SubjectQuery:
    """Who (the prison number and the ids it resolves to) and which period (inclusive days)."""

    prn: str
    person_ids: tuple[UUID, ...]
    from_date: date | None = None
    to_date: date | None = None

    @property
    def ids(self) -> list[str]:
        return [str(i) for i in self.person_ids]

    def within(self, moment: date | datetime | str | None) -> bool:
        """The record's time falls in the period (an undated record always does)."""
        if moment is None:
            return True
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment) if "T" in moment else date.fromisoformat(moment)
        day = moment.date() if isinstance(moment, datetime) else moment
        after = self.from_date is None or day >= self.from_date
        return after and (self.to_date is None or day <= self.to_date)

    def keep(self, records: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
        """The records whose `key` (a date or moment) falls in the period."""
        return [r for r in records if self.within(r.get(key))]


@dataclass
class Holding:
    """What one service holds: named sections of records (empty sections are left out), and
    the ids of other people those records mention, blanked wherever they appear."""

    sections: dict[str, Any] = field(default_factory=dict)
    others: set[str] = field(default_factory=set)

    def is_empty(self) -> bool:
        return not any(self.sections.values())


Finder = Callable[[AsyncSession, str], Awaitable[list[UUID]]]
Collector = Callable[[AsyncSession, SubjectQuery], Awaitable[Holding]]


@dataclass(frozen=True)
class SubjectAccess:
    collect: Collector
    staff: str  # how staff are named, e.g. "family team staff"
    find: Finder = people_numbered
    systems: Mapping[str, str] = field(default_factory=dict)  # audit actors that are not staff


async def records(session: AsyncSession, statement: Any) -> list[dict[str, Any]]:
    """The rows a select gives, as dicts (JSON columns stay nested)."""
    return [dict(row._mapping) for row in await session.execute(statement)]


def flattened(row: dict[str, Any]) -> dict[str, Any]:
    """A versioned aggregate's row as one record: its columns and the fields of its JSON
    `state` side by side (the state's win), without the `version`."""
    row.pop("version", None)
    return {**row, **(row.pop("state", None) or {})}


async def audit_entries(
    session: AsyncSession, query: SubjectQuery, access: SubjectAccess
) -> list[dict[str, Any]]:
    """Who read, changed or was refused the person's records here: staff by role only, a
    system (the movement feed) by what it is."""
    rows = await session.execute(
        select(audit_log)
        .where(audit_log.c.subject_id.in_(query.ids))
        .order_by(audit_log.c.at, audit_log.c.id)
    )
    entries = [
        {
            "at": row.at,
            "who": access.systems.get(row.actor, access.staff),  # never the staff member
            "action": row.action,
            "resource": row.resource,
            "why": row.why,
        }
        for row in rows
    ]
    return query.keep(entries, "at")


def _day(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2026-01-31, not {value[:40]!r}") from None


def _query(prn: str | None, from_text: str | None, to_text: str | None) -> SubjectQuery:
    number = (prn or "").strip().upper()
    if not PRISON_NUMBER.fullmatch(number):
        raise BadRequest("prn must be a prison number like A1234BC")
    since, until = _day(from_text, "fromDate"), _day(to_text, "toDate")
    if since and until and since > until:
        raise BadRequest(f"fromDate {since} is after toDate {until}")
    return SubjectQuery(number, (), since, until)


def Param(description: str, alias: str) -> Any:
    """A text query parameter checked by `_query` (a bad one is a 400, as HMPPS answers)."""
    return Annotated[str | None, Query(alias=alias, description=description)]


def subject_access_router(access: SubjectAccess) -> APIRouter:
    router = APIRouter(tags=["subject access"])

    @router.get(
        "/subject-access-request",
        responses={
            200: {"description": 'Everything held about the person: {"content": {...}}'},
            204: {"description": "This service holds nothing about that prison number"},
            400: {"description": "Not a prison number, or dates malformed or out of order"},
        },
    )
    async def subject_access_request(
        request: Request,
        prn: Param("The person's prison number (NOMS number), e.g. A1234BC", "prn") = None,
        from_date: Param("Records from this day (YYYY-MM-DD), inclusive", "fromDate") = None,
        to_date: Param("Records up to this day (YYYY-MM-DD), inclusive", "toDate") = None,
        principal: Principal = Depends(require(ROLE)),
    ) -> Any:
        """Everything this service holds about a person, for a subject access request:
        staff are named by role only, other people are left out. Audited."""
        query = _query(prn, from_date, to_date)
        bind_purpose(PURPOSE)
        runtime = request.app.state.runtime
        async with runtime.sessions() as session:
            ids = tuple(await access.find(session, query.prn))
            query = SubjectQuery(query.prn, ids, query.from_date, query.to_date)
            holding = await access.collect(session, query) if ids else Holding()
            if ids:
                holding.sections["audit"] = await audit_entries(session, query, access)
        async with runtime.new_uow() as uow:
            for subject in ids or (None,):
                await uow.audit(
                    principal.subject, "subject_access", "subject_access_request", subject
                )
            await uow.commit()
        if holding.is_empty():
            return Response(status_code=204)
        sections = {k: v for k, v in holding.sections.items() if v}
        return {"content": redact(sections, access.staff, holding.others - set(query.ids))}

    return router
