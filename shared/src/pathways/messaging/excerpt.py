"""Bounding what a dead letter copies: a record may already be as large as the broker allows,
so its dead-letter copy (the same bytes plus `dlq_*` headers) would not fit on the DLQ topic.
Past the budget a dead letter keeps an excerpt and says so, with the original's size and
sha256 digest, so the original can still be identified and fetched from its topic."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# The producer's default max.request.size is 1 MiB; keep room for the dlq_* headers and the
# record batch's own overhead.
DEAD_LETTER_BUDGET = 1024 * 1024 - 32 * 1024
EXCERPT_BYTES = 16 * 1024
HEADER_VALUE_CHARS = 1024
MAX_HEADERS = 32


@dataclass(frozen=True)
class Bounded:
    payload: bytes
    headers: dict[str, str]


def bounded_copy(payload: bytes, headers: dict[str, str]) -> Bounded:
    """The payload and headers as they are if they fit the budget, else an excerpt of both:
    `dlq_truncated: true`, `dlq_original_size` (bytes) and `dlq_original_sha256` (hex)."""
    size = len(payload) + sum(len(k) + len(v.encode()) for k, v in headers.items())
    if size <= DEAD_LETTER_BUDGET:
        return Bounded(payload, headers)
    kept = dict(list(headers.items())[:MAX_HEADERS])
    return Bounded(
        payload[:EXCERPT_BYTES],
        {
            **{k[:200]: v[:HEADER_VALUE_CHARS] for k, v in kept.items()},
            "dlq_truncated": "true",
            "dlq_original_size": str(len(payload)),
            "dlq_original_sha256": hashlib.sha256(payload).hexdigest(),
        },
    )


def is_excerpt(headers: dict[str, str]) -> bool:
    return headers.get("dlq_truncated") == "true"
