"""One error body for every 4xx of every service: {"error", "message", "details"} —
`error` a stable machine-readable code, `message` for people, `details` per field for 422."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from pathways.platform.errors import DomainError

CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    # ensure_ascii: even an echoed lone surrogate cannot break the answer.
    body = {"error": code, "message": message, "details": details or []}
    content = json.dumps(body, ensure_ascii=True, default=str)
    return Response(content, status, headers=headers, media_type="application/json")


def _invalid_request(_: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    details = [
        {"loc": list(e["loc"]), "msg": str(e["msg"]), "type": str(e["type"])} for e in errors[:50]
    ]
    message = "; ".join(
        f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in details[:10]
    ) or str(exc)
    return error_response(422, "invalid_request", message, details)


def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


def _domain_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return error_response(exc.status_code, exc.code, exc.message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(DomainError, _domain_error)
