"""Waiting until the events have propagated: every outbox is empty and what each service
shows (people released, matches, follow-up tasks, placement referrals) stops changing."""

from __future__ import annotations

import asyncio

import httpx

from demo.client import Api


async def _backlog(api: Api) -> int:
    total = 0
    async with httpx.AsyncClient(timeout=5) as http:
        for port in api.ports.values():
            try:
                ready = (await http.get(f"http://127.0.0.1:{port}/health/ready")).json()
            except (httpx.HTTPError, ValueError):
                continue  # not running (outcomes before it lands)
            total += int(ready.get("outbox_backlog") or 0)
    return total


async def _fingerprint(api: Api) -> tuple:
    async def total(service: str, path: str, **params: str) -> int:
        return (await api.get(service, path, limit=1, offset=0, **params))["total"]

    return (
        await total("intake", "/people", prison_code="BAI", status="released"),
        await total("intake", "/people", prison_code="BAI"),
        await total("mentoring", "/matches", prison_code="BAI"),
        await total("mentoring", "/mentors", prison_code="BAI"),
        await total("family", "/tasks"),
        await total("placements", "/referrals"),
    )


async def settle(api: Api, quiet_polls: int = 4, timeout: float = 180.0) -> None:
    loop = asyncio.get_running_loop()
    deadline, last, calm = loop.time() + timeout, None, 0
    while loop.time() < deadline:
        print_ = await _fingerprint(api)
        backlog = await _backlog(api)
        calm = calm + 1 if print_ == last and backlog == 0 else 0
        if calm >= quiet_polls:
            return
        last = print_
        await asyncio.sleep(1.0)
    raise TimeoutError("the services did not settle")
