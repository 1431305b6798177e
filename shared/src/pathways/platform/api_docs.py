"""The staff API's documentation: OpenAPI with the bearer scheme and every refusal described
with the one error body, and Swagger UI / ReDoc pages served from local assets (the
fastapi-offline package ships them), so `/docs` and `/redoc` work with no internet."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field

DOCS_ASSETS = "/docs-assets"
ERROR_SCHEMA = "ErrorBody"
WRITES = {"post", "put", "patch", "delete"}


class ErrorDetail(BaseModel):
    """One invalid field of a 422."""

    loc: list[str | int] = Field(description="Where: body/query/path, then the field names")
    msg: str = Field(description="What is wrong with it")
    type: str = Field(description="A stable code for the kind of error")


class ErrorBody(BaseModel):
    """The one body of every 4xx answer of every service."""

    error: str = Field(description="A stable machine-readable code", examples=["not_found"])
    message: str = Field(description="For people: what is wrong", examples=["no such person"])
    details: list[ErrorDetail] = Field(
        default_factory=list, description="For 422: each invalid field; otherwise empty"
    )


REFUSALS = {
    "401": "No valid bearer token (missing, expired, wrong issuer or audience)",
    "403": "The token lacks the role this route needs",
    "404": "Nothing with that id (or not visible to the caller)",
    "409": "Clashes with the current state; nothing changed",
    "413": "The request body is larger than the service accepts",
    "422": "Invalid input; nothing changed (`details` names each field)",
}


def docs_app(**kwargs: Any) -> FastAPI:
    """A FastAPI app whose /docs and /redoc load their scripts from this service."""
    app = FastAPIOffline(static_url=DOCS_ASSETS, **kwargs)
    app.openapi = lambda: _document(app)  # type: ignore[method-assign]
    return app


def _document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas[ERROR_SCHEMA] = ErrorBody.model_json_schema(ref_template=_REF + "{model}")
        schemas.update(schemas[ERROR_SCHEMA].pop("$defs", {}))
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                _describe_refusals(path, method, operation)
        app.openapi_schema = document
    return app.openapi_schema


_REF = "#/components/schemas/"


def _describe_refusals(path: str, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    expected = set()
    if operation.get("security"):
        expected |= {"401", "403"}
    if "{" in path:
        expected.add("404")
    if method in WRITES:
        expected.add("409")
    if "requestBody" in operation:
        expected.add("413")
    if operation.get("parameters") or "requestBody" in operation:
        expected.add("422")
    expected |= {code for code in responses if code.startswith("4")}
    body = {"application/json": {"schema": {"$ref": _REF + ERROR_SCHEMA}}}
    for code in sorted(expected):
        given = responses.get(code, {}).get("description")
        if given in (None, "", "Validation Error"):
            given = REFUSALS.get(code, "Refused")
        responses[code] = {
            "description": given,
            "content": body,
        }
