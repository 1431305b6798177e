"""Caseload access for every route that reads or changes a person's data: refused (403,
`outside_caseload`, audited as `refused`) unless the person's prison — current, or the last
before release — is in the token's caseload, or the route's role is held nationally (`:all`).

A service names, per path parameter, query parameter or body field, how to find the prison
of the person it points to (`Lookup`); the chassis runs the check before every route."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging.context import bind_purpose
from pathways.platform.errors import DomainError
from pathways.platform.security import Principal, authenticate


@dataclass(frozen=True)
class Located:
    """The person a parameter points to and their prison (None when no event named one)."""

    person_id: str | None
    prison_code: str | None


# A lookup gets the parameter's value (text) and answers where its person is, or None when
# there is no such record (the route then answers 404 itself: nothing is disclosed).
Lookup = Callable[[AsyncSession, str], Awaitable[Located | None]]
READS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_PURPOSE = 200


class OutsideCaseload(DomainError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__("this person's prison is not in your caseload", code="outside_caseload")


@dataclass
class CaseloadPolicy:
    role: str  # the service's team role, whose national form (`role:all`) sees every prison
    lookups: Mapping[str, Lookup] = field(default_factory=dict)

    async def guard(self, request: Request) -> None:
        """Router dependency: purpose for the audit, then the caseload check."""
        route = request.scope.get("route")
        template = f"{request.method} {getattr(route, 'path', request.url.path)}"
        bind_purpose(purpose(request) or template)
        principal = authenticate(request)
        write = request.method not in READS
        if not principal.can(self.role, write=write) or principal.is_national(
            self.role, write=write
        ):
            return  # the route's own role check answers; national scope sees everyone
        async with request.app.state.runtime.sessions() as session:
            for name, value in await self._pointers(request):
                located = await self.lookups[name](session, value)
                if located and not principal.may_see(self.role, located.prison_code, write=write):
                    await refuse(request, principal, template, located.person_id)

    async def _pointers(self, request: Request) -> list[tuple[str, str]]:
        body = await _json_body(request)
        found = []
        for name in self.lookups:
            for source in (request.path_params, request.query_params, body):
                found.extend((name, value) for value in _texts(source.get(name)))
        return found


def purpose(request: Request) -> str | None:
    """The caller's `X-Purpose` header, bounded; None when absent or unusable."""
    text = request.headers.get("x-purpose", "").strip()
    return text[:MAX_PURPOSE] if text.isprintable() and text else None


async def refuse(request: Request, principal: Principal, route: str, subject: str | None) -> None:
    """Audit the refused attempt (about the person; None for a prison asked for), then 403."""
    async with request.app.state.runtime.new_uow() as uow:
        await uow.audit(principal.subject, "refused", route[:128], subject)
        await uow.commit()
    raise OutsideCaseload()


async def _json_body(request: Request) -> dict[str, Any]:
    if request.method in READS or "json" not in request.headers.get("content-type", ""):
        return {}
    try:
        body = await request.json()
    except Exception:  # malformed: the route's validation answers 422
        return {}
    return body if isinstance(body, dict) else {}


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str) and len(value) <= 100:
        yield value
    elif isinstance(value, list):
        for item in value[:50]:
            yield from _texts(item)


def as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def visible_prisons(principal: Principal, role: str) -> frozenset[str] | None:
    """The prisons whose people a list may show: None for national scope (every prison)."""
    return None if principal.is_national(role, write=False) else principal.caseloads
