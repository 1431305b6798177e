"""Parsing untrusted JSON from the broker without recursion, unbounded size or odd numbers.

pydantic-core's parser (jiter, in Rust) refuses nesting deeper than 200 without touching
Python's stack and rejects invalid UTF-8 and lone surrogates; on top of it the kit checks, in
one iterative walk, a tighter depth and that every number is finite (`1e400` parses as inf).
"""

from __future__ import annotations

import math
from typing import Any

import pydantic_core

MAX_MESSAGE_BYTES = 1_048_576  # what the platform's producers may publish (1 MiB)
MAX_DEPTH = 32  # contract events nest 3 levels; feed messages 4


class UnsafeJson(ValueError):
    """The bytes are not JSON the kit will hand to a handler; the message says why."""


def loads(raw: bytes) -> Any:
    """Parse `raw` as JSON (UTF-8, at most MAX_MESSAGE_BYTES, MAX_DEPTH, finite numbers)."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise UnsafeJson(f"{len(raw)} bytes is more than {MAX_MESSAGE_BYTES}")
    try:
        value = pydantic_core.from_json(raw, allow_inf_nan=False)
    except ValueError as exc:
        raise UnsafeJson(str(exc)) from None
    if type(value) is dict or type(value) is list:
        _check(value)
    elif type(value) is float and not math.isfinite(value):
        raise UnsafeJson("a number is out of range (not finite)")
    return value


def _check(value: Any) -> None:
    """One iterative walk of the containers: depth and finite numbers (leaves cost a type
    test each; a consumer checks every message it reads)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise UnsafeJson(f"nested deeper than {MAX_DEPTH} levels")
        for child in node.values() if type(node) is dict else node:
            kind = type(child)
            if kind is dict or kind is list:
                pending.append((child, depth + 1))
            elif kind is float and not math.isfinite(child):
                raise UnsafeJson("a number is out of range (not finite)")
