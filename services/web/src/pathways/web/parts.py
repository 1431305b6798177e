"""A page is made of parts, each from one service: a part whose service is down (or refuses)
says so, and the rest of the page still shows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from pathways.web.clients import ApiRefused, ServiceUnavailable

SERVICE_TITLES = {
    "intake": "intake (custody and referrals)",
    "mentoring": "mentoring",
    "family": "family",
    "placements": "placements",
    "outcomes": "outcomes",
}


@dataclass
class Part:
    value: Any = None
    unavailable: str | None = None  # the service that did not answer
    refused: str | None = None  # its message when it refused (e.g. 403, 404)
    status: int | None = None

    @property
    def ok(self) -> bool:
        return self.unavailable is None and self.refused is None

    @property
    def problem(self) -> str:
        if self.unavailable:
            title = SERVICE_TITLES.get(self.unavailable, self.unavailable)
            return f"The {title} service is not available at the moment, so this part is missing."
        return self.refused or ""


async def part(work: Awaitable[Any], default: Any = None) -> Part:
    try:
        return Part(await work)
    except ServiceUnavailable as down:
        return Part(default, unavailable=down.service)
    except ApiRefused as refused:
        text = "; ".join(m for _, m in refused.messages) or "refused"
        if refused.status == 403:
            text = f"You do not have access to {refused.service} records."
        return Part(default, refused=text, status=refused.status)


async def parts(**works: Awaitable[Any]) -> dict[str, Part]:
    """Every part at once (the services are called concurrently)."""
    names = list(works)
    done = await asyncio.gather(*(part(works[n]) for n in names))
    return dict(zip(names, done, strict=True))
