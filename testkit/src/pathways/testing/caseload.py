"""Checks every service's caseload test runs: each route of the OpenAPI document that points
to a record (`{person_id}`, `{case_id}`, …) is refused to a token whose caseload lacks the
person's prison, is let through for the right caseload, and each refusal is audited."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
from fastapi import FastAPI

from pathways.testing.service import audit_rows, bearer

PARAM = re.compile(r"{([^}]+)}")
NOT_PERSONAL = ("/admin/", "/health/")


def record_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route with a path parameter, from the OpenAPI document."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        if PARAM.search(path) and not path.startswith(NOT_PERSONAL):
            found.extend((method.upper(), path) for method in operations)
    return found


def fill(path: str, values: Mapping[str, str]) -> str:
    return PARAM.sub(lambda m: values[m.group(1)], path)


async def call(
    client: httpx.AsyncClient, method: str, url: str, headers: dict[str, str]
) -> httpx.Response:
    body = None if method in ("GET", "DELETE") else {}
    return await client.request(method, url, json=body, headers=headers)


async def refusals(
    client: httpx.AsyncClient,
    app: FastAPI,
    values: Mapping[str, str],
    headers: dict[str, str],
) -> dict[str, int]:
    """Every record route's answer to `headers`: {"GET /people/{person_id}": 403, …}."""
    answers = {}
    for method, path in record_routes(app):
        response = await call(client, method, fill(path, values), headers)
        refused = response.status_code == 403 and response.json()["error"] == "outside_caseload"
        answers[f"{method} {path}"] = 403 if refused else response.status_code
    return answers


async def audited_refusals(svc: Any, person_id: str, actor: str) -> list[dict[str, object]]:
    return [e for e in await audit_rows(svc, person_id, actor) if e["action"] == "refused"]


async def probe_caseloads(
    svc: Any, role: str, values: Mapping[str, str], *, outside: str, local: Iterable[str]
) -> tuple[dict[str, int], list[dict[str, object]]]:
    """Every record route as `role` at the `outside` prison (actor `at-<outside>`) and with the
    `local` caseload, which must be refused nothing; gives the outsider's answers and the
    audited refusals of `values["person_id"]`. `svc` has `client`, `app` and `settings`."""
    outsider = bearer(svc.settings, role, subject=f"at-{outside}", caseloads=[outside])
    answers = await refusals(svc.client, svc.app, values, outsider)
    insider = bearer(svc.settings, role, caseloads=list(local))
    allowed = await refusals(svc.client, svc.app, values, insider)
    assert 403 not in allowed.values(), allowed
    audited = await audited_refusals(svc, values["person_id"], f"at-{outside}")
    return answers, audited


async def listed_by_scope(
    svc: Any, role: str, path: str, prison: str, key: str = "person_id"
) -> tuple[set[str], set[str]]:
    """The `key`s a list at `path` shows to `<role>:read` with the `prison` caseload, and to
    national scope (`<role>:read:all`)."""
    local = bearer(svc.settings, f"{role}:read", caseloads=[prison])
    national = bearer(svc.settings, f"{role}:read:all")
    seen = (await svc.client.get(path, headers=local)).json()["items"]
    everyone = (await svc.client.get(path, headers=national)).json()["items"]
    return {item[key] for item in seen}, {item[key] for item in everyone}
