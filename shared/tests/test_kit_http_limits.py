"""The chassis's HTTP guards, on the kit's tiny service: body size (413), lone surrogates
(422 before any route runs), token claim shapes (401) and one error body for every 4xx."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from fastapi import APIRouter
from kit_service import KitSettings, router
from pydantic import BaseModel

from pathways.platform.app import ServiceDefinition, build_app
from pathways.platform.inputs import BoundedList, FiniteFloat, Name, Offset
from pathways.platform.security import load_or_create_dev_key
from pathways.testing.service import bearer, running

echo = APIRouter()
STORED: list[str] = []


class EchoIn(BaseModel):
    name: Name
    score: FiniteFloat = 0.0
    tags: BoundedList(Name, 3) = []


@echo.post("/echo")
async def store(body: EchoIn) -> dict[str, str]:
    STORED.append(body.name)
    return {"name": body.name}


@echo.get("/page")
async def page(offset: Offset = 0) -> dict[str, int]:
    return {"offset": offset}


@pytest.fixture(scope="module")
async def kit(tmp_path_factory: pytest.TempPathFactory, dev_key_file: str) -> AsyncIterator:
    db = tmp_path_factory.mktemp("limits") / "kit.db"
    settings = KitSettings(
        database_url=f"sqlite+aiosqlite:///{db}",
        kafka_bootstrap_servers="127.0.0.1:9",
        auth_dev_key_file=dev_key_file,
        max_request_bytes=10_000,
    )
    app = build_app(
        ServiceDefinition(name="kit", settings=settings, migrations=None, routers=[router, echo])
    )
    async with running(app) as client:
        yield client, settings


def _error_shape(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message", "details"}
    assert body["error"] == code and body["message"]


async def test_a_body_over_the_limit_is_refused_with_413(kit) -> None:
    client, _ = kit
    response = await client.post("/echo", json={"name": "x" * 20_000})
    _error_shape(response, 413, "payload_too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no content-length: counted as it streams
        yield b'{"name": "'
        for _ in range(20):
            yield b"x" * 1000
        yield b'"}'

    streamed = await client.post("/echo", content=chunks())
    _error_shape(streamed, 413, "payload_too_large")


async def test_a_lone_surrogate_is_refused_before_anything_is_stored(kit) -> None:
    client, _ = kit
    for body in ('{"name": "\\ud800x"}', '{"name": "ok", "\\udfff": 1}'):
        response = await client.post(
            "/echo", content=body, headers={"content-type": "application/json"}
        )
        _error_shape(response, 422, "invalid_unicode")
    assert not any("\ud800" in name for name in STORED)
    pair = await client.post(  # an escaped surrogate pair is a real character: accepted
        "/echo", content='{"name": "\\ud83d\\ude00"}', headers={"content-type": "application/json"}
    )
    assert pair.json() == {"name": "\U0001f600"}


@pytest.mark.parametrize("body", ['{"name": "a", "score": NaN}', '{"name": "a", "score": 1e400}'])
async def test_numbers_must_be_finite(kit, body: str) -> None:
    client, _ = kit
    response = await client.post(
        "/echo", content=body, headers={"content-type": "application/json"}
    )
    _error_shape(response, 422, "invalid_request")
    assert response.json()["details"][0]["loc"] == ["body", "score"]


async def test_lengths_and_ranges_are_bounded(kit) -> None:
    client, _ = kit
    long_name = await client.post("/echo", json={"name": "x" * 201})
    _error_shape(long_name, 422, "invalid_request")
    many = await client.post("/echo", json={"name": "a", "tags": ["t"] * 4})
    _error_shape(many, 422, "invalid_request")
    huge = await client.get("/page", params={"offset": str(2**64)})
    _error_shape(huge, 422, "invalid_request")


async def test_a_dead_letter_id_above_2_to_the_63_is_refused(kit) -> None:
    client, settings = kit
    admin = bearer(settings, "admin")
    for path in ("/admin/dead-letters/9223372036854775808", "/admin/dead-letters?offset=1e30"):
        _error_shape(await client.get(path, headers=admin), 422, "invalid_request")


def _token(settings: KitSettings, **claims: object) -> dict[str, str]:
    key = load_or_create_dev_key(settings.auth_dev_key_file)
    now = datetime.now(UTC)
    payload = {"sub": "someone", "iss": settings.auth_issuer, "aud": settings.auth_audience}
    payload |= {"iat": now, "exp": now + timedelta(minutes=5), **claims}
    return {"Authorization": f"Bearer {jwt.encode(payload, key, algorithm='RS256')}"}


@pytest.mark.parametrize(
    "claims",
    [
        {"roles": None},
        {"roles": 7},
        {"roles": [["family"]]},
        {"roles": {"family": 1}},
        {"roles": ["family", 3]},
        {"sub": 12},
        {"sub": ""},
        {"roles": ["\ud800"]},
    ],
)
async def test_a_token_with_malformed_claims_is_refused_with_401(kit, claims: dict) -> None:
    client, settings = kit
    response = await client.post(f"/cases/{uuid.uuid4()}", headers=_token(settings, **claims))
    _error_shape(response, 401, "unauthorised")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_every_refusal_has_the_same_error_body(kit) -> None:
    client, settings = kit
    _error_shape(await client.post(f"/cases/{uuid.uuid4()}"), 401, "unauthorised")
    forbidden = await client.post(f"/cases/{uuid.uuid4()}", headers=bearer(settings, "intake"))
    _error_shape(forbidden, 403, "forbidden")
    _error_shape(await client.get("/no/such/route"), 404, "not_found")
    _error_shape(await client.delete("/echo"), 405, "method_not_allowed")
    bad_id = await client.post("/cases/not-a-uuid", headers=bearer(settings, "family"))
    _error_shape(bad_id, 422, "invalid_request")
