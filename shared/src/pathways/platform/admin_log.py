"""Every admin action leaves one log line (`admin.action`): who (the token's subject), which
route, on what (path parameters only: ids, never bodies or query text) and how it ended.
Added to the admin routers as a dependency, so a new admin route is covered by itself."""

from __future__ import annotations

from collections.abc import AsyncIterator

import structlog
from fastapi import Request

from pathways.platform.security import authenticate

log = structlog.get_logger("pathways.admin")


async def log_admin_action(request: Request) -> AsyncIterator[None]:
    outcome, status = "done", 200
    try:
        yield
    except Exception as exc:
        outcome, status = "refused", int(getattr(exc, "status_code", 500))
        raise
    finally:
        admin_action_line(request, outcome, status)


def admin_action_line(request: Request, outcome: str, status: int) -> None:
    try:
        actor = authenticate(request).subject
    except Exception:  # no valid token: nothing was done, the 401 says so
        return
    route = request.scope.get("route")
    log.info(
        "admin.action",
        actor=actor,
        action=getattr(route, "name", request.url.path),
        method=request.method,
        target={k: str(v)[:100] for k, v in request.path_params.items()},
        outcome=outcome,
        status=status,
    )
