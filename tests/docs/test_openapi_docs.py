"""Every service's staff API documents itself for a stranger: the bearer scheme (Authorize
in /docs), each refusal with the one error body, and /docs and /redoc that load nothing
from the internet."""

from __future__ import annotations

import re
from typing import Any

import pytest
from docs_apps import SERVICES, client, service_app

from pathways.platform.api_docs import ErrorBody

ERROR_REF = "#/components/schemas/ErrorBody"
KIT_ROUTES = ("/health", "/metrics", "/asyncapi", "/admin")


@pytest.fixture(scope="module", params=SERVICES)
async def openapi(request: pytest.FixtureRequest) -> dict[str, Any]:
    async with client(service_app(request.param)) as http:
        return (await http.get("/openapi.json")).json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, ops in document["paths"].items() for m, op in ops.items()]


async def test_every_guarded_route_declares_the_bearer_scheme(openapi: dict[str, Any]) -> None:
    scheme = openapi["components"]["securitySchemes"]["HTTPBearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    guarded = [(m, p) for m, p, op in _operations(openapi) if op.get("security")]
    assert ("get", "/admin/dead-letters") in guarded
    assert len(guarded) > 4


async def test_every_refusal_is_documented_with_the_one_error_body(
    openapi: dict[str, Any],
) -> None:
    for method, path, operation in _operations(openapi):
        responses = operation["responses"]
        refusals = {code for code in responses if code.startswith("4")}
        if operation.get("security"):
            assert {"401", "403"} <= refusals, (method, path)
        if "{" in path:
            assert "404" in refusals, (method, path)
        if "requestBody" in operation:
            assert {"413", "422"} <= refusals, (method, path)
        for code in refusals:
            schema = responses[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_REF}, (method, path, code)
            assert responses[code]["description"], (method, path, code)
        if path.startswith(KIT_ROUTES):
            assert operation.get("description"), (method, path)
    assert "HTTPValidationError" not in openapi["components"]["schemas"]
    for name in ("ErrorBody", "ErrorDetail", "DeadLetter", "DeadLetterDetail", "DeadLetterPage"):
        fields = openapi["components"]["schemas"][name]["properties"].values()
        assert all(field.get("description") for field in fields), name


async def test_refusals_really_have_the_documented_body() -> None:
    async with client(service_app("family")) as http:
        unauthorised = await http.get("/admin/dead-letters")
        assert unauthorised.status_code == 401
        ErrorBody.model_validate(unauthorised.json())
        missing = await http.get("/no/such/route")
        assert missing.status_code == 404
        ErrorBody.model_validate(missing.json())


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_load_only_local_assets(page: str) -> None:
    async with client(service_app("mentoring")) as http:
        html = (await http.get(page)).text
        assert "http://" not in html and "https://" not in html, html
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert any(a.endswith(".js") for a in assets), html
        for asset in assets:
            served = await http.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 100, asset
        if page == "/docs":
            assert "/openapi.json" in html
