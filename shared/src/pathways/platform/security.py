"""Bearer JWTs: verified against the identity provider's JWKS in production, or a local
signing key in the embedded default. Roles: `intake`, `mentoring`, `family`, `placements`,
`reporting`, `admin`, `sar` (subject access requests: national by nature); a bare role
grants read and write, `role:read` grants read only.
Caseloads: the `caseloads` claim lists the prisons the holder works in (as the prison
service's tokens carry an active caseload); a role with the suffix `:all` (`reporting:all`,
`mentoring:read:all`) grants the same access with national scope, for every prison."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pathways.platform.settings import ServiceSettings
from pathways.platform.token_claims import caseloads_claim, roles_claim, subject_claim

ROLES = frozenset({"intake", "mentoring", "family", "placements", "reporting", "admin", "sar"})
ALGORITHMS = ["RS256"]


NATIONAL = ":all"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]
    caseloads: frozenset[str] = frozenset()

    def can(self, role: str, *, write: bool) -> bool:
        return self._holds(role, write=write, suffix="") or self.is_national(role, write=write)

    def is_national(self, role: str, *, write: bool) -> bool:
        """The role is held with national scope (`role:all`): every prison's people."""
        return self._holds(role, write=write, suffix=NATIONAL)

    def may_see(self, role: str, prison_code: str | None, *, write: bool) -> bool:
        """National scope, or the person's prison is in the caseload (unknown: refused)."""
        if self.is_national(role, write=write):
            return True
        return prison_code is not None and prison_code in self.caseloads

    def _holds(self, role: str, *, write: bool, suffix: str) -> bool:
        if f"{role}{suffix}" in self.roles or f"{role}:write{suffix}" in self.roles:
            return True
        return not write and f"{role}:read{suffix}" in self.roles


def load_or_create_dev_key(path: str) -> rsa.RSAPrivateKey:
    """The local signing key; created once, atomically, even when services start together."""
    key_file = Path(path)
    if not key_file.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = key_file.with_name(f".{key_file.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        with contextlib.suppress(FileExistsError):  # another process won the race: use its key
            os.link(tmp, key_file)
        tmp.unlink()
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


class TokenVerifier:
    def __init__(self, settings: ServiceSettings) -> None:
        self._issuer = settings.auth_issuer
        self._audience = settings.auth_audience
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._cache: dict[str, tuple[Principal, float]] = {}  # token -> (principal, until)
        self._dev_key = (
            None if self._jwks else load_or_create_dev_key(settings.auth_dev_key_file).public_key()
        )

    def verify(self, token: str) -> Principal:
        """The token's principal; a token verified in the last CACHE_SECONDS is not verified
        again (an RSA check per request and two per routed request otherwise), and never
        past its own expiry."""
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        principal, expires = self._verify(token)
        if len(self._cache) >= CACHE_ENTRIES:
            self._cache.clear()  # simple bound: one replica sees a few thousand staff at most
        self._cache[token] = (principal, min(now + CACHE_SECONDS, expires))
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        key: Any = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._dev_key
        claims = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=self._audience,
            issuer=self._issuer,
            options={"require": ["exp", "sub"]},
        )
        principal = Principal(
            subject=subject_claim(claims.get("sub")),
            roles=roles_claim(claims.get("roles", [])),
            caseloads=caseloads_claim(claims.get("caseloads", [])),
        )
        return principal, float(claims["exp"])


CACHE_SECONDS = 60.0  # a verified token is trusted this long (and never past its `exp`)
CACHE_ENTRIES = 10_000


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


# Declares the scheme in OpenAPI (the Authorize button of /docs); `authenticate` checks.
BEARER = HTTPBearer(
    auto_error=False,
    bearerFormat="JWT",
    description="A JWT from the identity provider (locally: `make token ROLES=...`)",
)
TOKEN_COOKIE = "pathways_token"  # lets a browser open a page (e.g. a dashboard) once signed in


def authenticate(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        token = request.cookies.get(TOKEN_COOKIE, "")
    if not token:
        raise _unauthorised("a bearer token is required")
    try:
        return request.app.state.verifier.verify(token)
    except jwt.PyJWTError as exc:
        raise _unauthorised(f"invalid token: {exc}") from None


def require(role: str, *, write: bool = False) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency: the caller's principal, if it holds `role` (for write, if asked)."""

    async def dependency(  # async: no thread-pool hop per request
        request: Request,
        _: HTTPAuthorizationCredentials | None = Security(BEARER),
    ) -> Principal:
        principal = authenticate(request)
        if not principal.can(role, write=write):
            need = role if write else f"{role} or {role}:read"
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"this needs the role {need}")
        return principal

    return dependency
