"""The five services' APIs, called with the signed-in user's token. A service that is down or
refuses a call raises an error the pages turn into a message (never a crash)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import structlog

from pathways.platform import tracing

log = structlog.get_logger("pathways.web.clients")


class ServiceUnavailable(Exception):
    """The service did not answer (down, timed out, or failed with a 5xx)."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


@dataclass
class ApiRefused(Exception):
    """The service answered 4xx: its messages, by form field where the API says which."""

    service: str
    status: int
    messages: list[tuple[str, str]] = field(default_factory=list)  # (field or "", text)


def _messages(body: Any) -> list[tuple[str, str]]:
    """FastAPI validation errors ({"detail": [{loc, msg}]}) or the services' ErrorOut."""
    if isinstance(body, dict) and isinstance(body.get("detail"), list):
        found = []
        for item in body["detail"]:
            loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path")]
            found.append((".".join(loc), str(item.get("msg", "is not valid"))))
        return found
    if isinstance(body, dict) and "message" in body:
        return [("", str(body["message"]))]
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return [("", body["detail"])]
    return [("", "the request was refused")]


class ServiceClient:
    def __init__(self, name: str, http: httpx.AsyncClient, token: str) -> None:
        self.name = name
        self._http = http
        self._headers = {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            headers = {**self._headers, **tracing.outgoing_headers()}  # the page's trace
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            # Only the service and the error's kind: a URL may carry a person's id.
            log.warning("service.unavailable", target=self.name, error=type(error).__name__)
            raise ServiceUnavailable(self.name) from None
        if response.status_code >= 500:
            log.warning("service.failed", target=self.name, status=response.status_code)
            raise ServiceUnavailable(self.name)
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            raise ApiRefused(self.name, response.status_code, _messages(body))
        return response.json() if response.content else None

    async def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return await self.call("GET", path, params=clean)

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        return await self.call("POST", path, json=body)

    async def all_pages(self, path: str, limit: int = 500, **params: Any) -> list[dict]:
        """Every item of a paged listing ({items, total, limit, offset})."""
        items: list[dict] = []
        while True:
            page = await self.get(path, limit=limit, offset=len(items), **params)
            items.extend(page["items"])
            if not page["items"] or len(items) >= page["total"]:
                return items


class Services:
    """One client per service for one request, all with the user's token."""

    def __init__(self, https: dict[str, httpx.AsyncClient], token: str) -> None:
        self._clients = {name: ServiceClient(name, http, token) for name, http in https.items()}

    def __getattr__(self, name: str) -> ServiceClient:
        try:
            return self._clients[name]
        except KeyError:
            raise AttributeError(name) from None
