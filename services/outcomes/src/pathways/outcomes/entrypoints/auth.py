"""Who may do what: reading needs `reporting` (or `reporting:read`); a rebuild needs
`reporting` with write, or `admin`."""

from __future__ import annotations

from fastapi import HTTPException, Request, status

from pathways.platform.errors import DomainError
from pathways.platform.security import Principal, authenticate, require

read_access = require("reporting")


def rebuild_access(request: Request) -> Principal:
    principal = authenticate(request)
    if principal.can("reporting", write=True) or principal.can("admin", write=True):
        return principal
    raise HTTPException(status.HTTP_403_FORBIDDEN, detail="this needs the role reporting or admin")


class Unavailable(DomainError):
    """Something the request needs (the broker) does not answer; nothing was changed."""

    status_code = 503

    def __init__(self, message: str) -> None:
        super().__init__(message, code="unavailable")
