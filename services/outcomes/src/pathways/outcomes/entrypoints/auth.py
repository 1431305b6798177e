"""Who may do what: reading needs `reporting` (or `reporting:read`); a rebuild needs
`reporting` with write, or `admin`. Headline figures are counts, for any prison; what names
people or staff (the people behind a figure, follow-ups per worker) is for one prison of the
caseload, or any scope when national."""

from __future__ import annotations

from fastapi import HTTPException, Request, status

from pathways.platform.caseload import refuse, visible_prisons
from pathways.platform.errors import DomainError
from pathways.platform.security import Principal, authenticate, require

read_access = require("reporting")


def rebuild_access(request: Request) -> Principal:
    principal = authenticate(request)
    if principal.can("reporting", write=True) or principal.can("admin", write=True):
        return principal
    raise HTTPException(status.HTTP_403_FORBIDDEN, detail="this needs the role reporting or admin")


def sees_people(principal: Principal, prison_code: str | None) -> bool:
    visible = visible_prisons(principal, "reporting")
    return visible is None or prison_code in visible


async def within_caseload(
    request: Request, principal: Principal, prison_code: str | None, route: str
) -> None:
    """403 `outside_caseload` (audited) unless `sees_people`."""
    if not sees_people(principal, prison_code):
        await refuse(request, principal, route, None)


class Unavailable(DomainError):
    """Something the request needs (the broker) does not answer; nothing was changed."""

    status_code = 503

    def __init__(self, message: str) -> None:
        super().__init__(message, code="unavailable")
