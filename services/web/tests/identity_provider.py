"""A small OpenID Connect provider for the tests: discovery, an authorize endpoint that
signs the user straight in, a token endpoint (ID token + access token, RS256) and JWKS."""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse

from pathways.testing.local_broker import free_port


@dataclass
class Provider:
    url: str
    user: dict[str, Any]
    key: rsa.RSAPrivateKey = field(repr=False)
    issued: list[str] = field(default_factory=list)  # the access tokens handed out


def _app(provider: Provider, client_id: str) -> FastAPI:
    app = FastAPI()
    codes: dict[str, str] = {}

    def sign(claims: dict[str, Any]) -> str:
        now = int(time.time())
        body = {"iss": provider.url, "iat": now, "exp": now + 600, **claims}
        return jwt.encode(body, provider.key, algorithm="RS256", headers={"kid": "test"})

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {
            "issuer": provider.url,
            "authorization_endpoint": f"{provider.url}/authorize",
            "token_endpoint": f"{provider.url}/token",
            "jwks_uri": f"{provider.url}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
        }

    @app.get("/authorize")
    def authorize(redirect_uri: str, state: str, nonce: str = "") -> RedirectResponse:
        code = secrets.token_urlsafe(16)
        codes[code] = nonce
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")

    @app.post("/token")
    def token(code: str = Form(), request: Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        nonce = codes.pop(code)
        user = provider.user
        access = sign({"sub": user["sub"], "aud": "pathways", "roles": user["roles"]})
        provider.issued.append(access)
        id_token = sign({**user, "aud": client_id, "nonce": nonce})
        return {
            "access_token": access,
            "id_token": id_token,
            "token_type": "Bearer",
            "expires_in": 600,
        }

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
        return {"keys": [{**public, "kid": "test", "use": "sig", "alg": "RS256"}]}

    return app


@contextlib.contextmanager
def running_provider(user: dict[str, Any], client_id: str) -> Iterator[Provider]:
    port = free_port()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    provider = Provider(f"http://127.0.0.1:{port}", user, key)
    config = uvicorn.Config(
        _app(provider, client_id), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(10)
