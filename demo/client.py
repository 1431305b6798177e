"""HTTP calls to the four services with one bearer token; a refusal raises `Refused`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

SERVICES = ("intake", "mentoring", "family", "placements", "outcomes")
T = TypeVar("T")


class Refused(Exception):
    def __init__(self, method: str, url: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {url} -> {status} {body}")
        self.status, self.body = status, body

    @property
    def code(self) -> str:
        return self.body.get("error", "") if isinstance(self.body, dict) else ""


class Api:
    def __init__(self, base_port: int, token: str) -> None:
        self.ports = {name: base_port + i for i, name in enumerate(SERVICES)}
        self._http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30.0)

    async def close(self) -> None:
        await self._http.aclose()

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    async def call(
        self, method: str, service: str, path: str, body: Any = None, params: dict | None = None
    ) -> Any:
        url = self.url(service, path)
        for attempt in range(5):
            response = await self._http.request(method, url, json=body, params=params)
            if response.status_code < 400:
                return response.json() if response.content else None
            try:
                detail = response.json()
            except ValueError:
                detail = response.text
            refused = Refused(method, url, response.status_code, detail)
            if refused.code != "concurrent_change" or attempt == 4:
                raise refused
            await asyncio.sleep(0.2)
        raise AssertionError("unreachable")

    async def get(self, service: str, path: str, **params: Any) -> Any:
        return await self.call("GET", service, path, params=params or None)

    async def post(self, service: str, path: str, body: Any = None) -> Any:
        return await self.call("POST", service, path, body if body is not None else {})

    async def patch(self, service: str, path: str, body: Any) -> Any:
        return await self.call("PATCH", service, path, body)

    async def every(self, service: str, path: str, **params: Any) -> list[dict]:
        """All items of a paged list."""
        items: list[dict] = []
        while True:
            page = await self.get(service, path, limit=500, offset=len(items), **params)
            items += page["items"]
            if len(items) >= page["total"] or not page["items"]:
                return items


async def eventually(
    check: Callable[[], Awaitable[T | None]], what: str, timeout: float = 60.0
) -> T:
    """Poll `check` until it returns something other than None (events are asynchronous)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            found = await check()
        except Refused as refused:
            if refused.status not in (404, 409, 422):
                raise
            found = None
        if found is not None:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.25)
