"""Load shedding: past HTTP_MAX_IN_FLIGHT requests in progress, one more gets 503
`overloaded` with Retry-After at once; probes are never shed; a 0 bound sheds nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI

from pathways.platform.app import ServiceDefinition, build_app
from pathways.platform.load_shedding import LoadShedding
from pathways.platform.settings import ServiceSettings


def _slow_app(release: asyncio.Event) -> FastAPI:
    app = FastAPI()

    @app.get("/slow")
    async def slow() -> dict[str, str]:
        await release.wait()
        return {"done": "yes"}

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return app


async def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s")


async def test_requests_past_the_bound_get_503_with_retry_after() -> None:
    release = asyncio.Event()
    shedding = LoadShedding(_slow_app(release), max_in_flight=2)
    async with await _client(shedding) as client:
        taken = [asyncio.create_task(client.get("/slow")) for _ in range(2)]
        for _ in range(500):
            if shedding.in_flight == 2:
                break
            await asyncio.sleep(0.01)
        refused = await client.get("/slow")
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.json()["error"] == "overloaded"
        assert (await client.get("/health/live")).status_code == 200  # probes are never shed
        release.set()
        assert [r.status_code for r in await asyncio.gather(*taken)] == [200, 200]
        assert shedding.in_flight == 0 and shedding.shed == 1
        assert (await client.get("/slow")).status_code == 200  # room again


async def test_no_bound_sheds_nothing() -> None:
    release = asyncio.Event()
    shedding = LoadShedding(_slow_app(release), max_in_flight=0)
    async with await _client(shedding) as client:
        taken = [asyncio.create_task(client.get("/slow")) for _ in range(100)]
        await asyncio.sleep(0.05)
        release.set()
        assert {r.status_code for r in await asyncio.gather(*taken)} == {200}
    assert shedding.shed == 0


def test_every_service_sheds_at_its_setting(tmp_path) -> None:
    settings = ServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'kit.db'}", http_max_in_flight=5
    )
    app = build_app(ServiceDefinition(name="kit", settings=settings, migrations=None))
    found = [m for m in app.user_middleware if m.cls is LoadShedding]
    assert [m.kwargs["max_in_flight"] for m in found] == [5]
    assert ServiceSettings().http_max_in_flight == 64
