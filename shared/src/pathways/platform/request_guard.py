"""An ASGI middleware every service runs first: a request body over the size limit is
refused with 413, and a JSON body holding a lone surrogate ("\\ud800") with 422, before
any route (or the database) sees it. Both answer with the chassis's error body."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pathways.platform.http_errors import error_response

DEFAULT_MAX_BODY_BYTES = 1_048_576  # 1 MiB: far above any real request of the staff APIs
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and not declared.isdigit():
            await error_response(400, "bad_request", "invalid content-length")(scope, receive, send)
            return
        if declared is not None and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
        if _SURROGATE_ESCAPE.search(body) and _has_invalid_text(body):
            message = "the request body holds text that is not valid Unicode (a lone surrogate)"
            await error_response(422, "invalid_unicode", message)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {self.max_body_bytes} bytes"
        await error_response(413, "payload_too_large", message)(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _replay(body: bytes, original: Receive) -> Receive:
    """The body read, then the client's own messages: a streamed answer (a file) listens
    for the real disconnect, and an early one would cut it off."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _has_invalid_text(body: bytes) -> bool:
    """True when the parsed JSON holds a string (or key) that is not valid UTF-8 text."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return False  # not JSON: the route's own parsing refuses it
    return _invalid(document)


def _invalid(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
