"""Running a service in-process for tests: its lifespan, an HTTP client, tokens, polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI

from pathways.platform.devtoken import issue_token
from pathways.platform.security import NATIONAL
from pathways.platform.settings import ServiceSettings

T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)
NO_BROKER = "127.0.0.1:9"  # nothing listens: the API works, the outbox fills


def offline_settings(kind: type[S], database_url: str, dev_key_file: str, **overrides: Any) -> S:
    """A service's settings for tests that feed its consumer directly: no broker, two retries."""
    values: dict[str, Any] = {"consumer_max_retries": 2, "log_level": "error", **overrides}
    return kind(database_url=database_url, kafka_bootstrap_servers=NO_BROKER,
                auth_dev_key_file=dev_key_file, **values)  # fmt: skip


def live_settings(
    kind: type[S], kafka_bootstrap: str, database_url: str, dev_key_file: str, **overrides: Any
) -> S:
    """A service's settings on the test broker, its outbox relayed every 0.2 s."""
    values: dict[str, Any] = {"outbox_poll_seconds": 0.2, **overrides}
    return kind(database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap,
                auth_dev_key_file=dev_key_file, **values)  # fmt: skip


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app (migrations, broker, relay, subscribers) and give a client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def bearer(
    settings: ServiceSettings,
    *roles: str,
    subject: str = "test-user",
    caseloads: Iterable[str] | None = None,
) -> dict[str, str]:
    """A token with `roles` for the prisons in `caseloads`; without caseloads, every role is
    held nationally (`role:all`), as a programme manager's would be."""
    if caseloads is None:
        roles = tuple(national(role) for role in roles)
    token = issue_token(roles, caseloads=caseloads or (), subject=subject, settings=settings)
    return {"Authorization": f"Bearer {token}"}


async def audit_rows(svc: Any, person_id: object, actor: str) -> list[dict[str, Any]]:
    """The audit rows of `actor` about the person, read by an admin (`svc`: client, settings)."""
    response = await svc.client.get(
        "/admin/audit",
        params={"person_id": str(person_id), "actor": actor},
        headers=bearer(svc.settings, "admin"),
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def national(role: str) -> str:
    return role if role.endswith(NATIONAL) else f"{role}{NATIONAL}"


async def eventually(
    probe: Callable[[], Awaitable[T]],
    check: Callable[[T], bool] = bool,
    *,
    timeout: float = 30.0,
    interval: float = 0.1,
) -> T:
    """Poll `probe` until `check(result)` holds; fail with the last result on timeout."""
    deadline = asyncio.get_running_loop().time() + timeout
    result: Any = None
    while asyncio.get_running_loop().time() < deadline:
        result = await probe()
        if check(result):
            return result
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last result: {result!r}")
