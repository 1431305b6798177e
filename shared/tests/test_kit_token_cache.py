"""The verified-token cache: a token is checked once per CACHE_SECONDS, keyed on the token
itself (another token is checked on its own), never trusted past its own expiry, and a
refused token is never cached."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from pathways.platform import security
from pathways.platform.devtoken import issue_token
from pathways.platform.settings import ServiceSettings


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def verifier(dev_key_file: str, monkeypatch: pytest.MonkeyPatch):
    settings = ServiceSettings(auth_dev_key_file=dev_key_file)
    verifier = security.TokenVerifier(settings)
    checks: list[str] = []
    real = verifier._verify

    def counted(token: str):
        checks.append(token)
        return real(token)

    monkeypatch.setattr(verifier, "_verify", counted)
    return verifier, settings, checks


def test_a_token_is_verified_once_a_minute(verifier, monkeypatch) -> None:
    verifier, settings, checks = verifier
    clock = Clock(security.time.time())
    monkeypatch.setattr(security.time, "time", clock)
    token = issue_token(["intake"], settings=settings, subject="a")
    other = issue_token(["family"], settings=settings, subject="b")
    assert verifier.verify(token).subject == "a"
    assert verifier.verify(token).subject == "a"
    assert verifier.verify(other).roles == {"family"}  # keyed on the token: no mix-up
    assert checks == [token, other]
    clock.at += security.CACHE_SECONDS + 1
    assert verifier.verify(token).subject == "a"
    assert checks == [token, other, token]


def test_a_cached_token_is_not_trusted_past_its_expiry(verifier, monkeypatch) -> None:
    verifier, settings, checks = verifier
    token = issue_token(["intake"], settings=settings, ttl=timedelta(seconds=5))
    verifier.verify(token)
    clock = Clock(security.time.time() + 6)  # within the minute, past the token's exp
    monkeypatch.setattr(security.time, "time", clock)
    monkeypatch.setattr(jwt.api_jwt, "datetime", _Later(6), raising=False)
    with pytest.raises(jwt.PyJWTError):
        verifier.verify(token)
    assert len(checks) == 2


def test_a_refused_token_is_not_cached(verifier) -> None:
    verifier, _, checks = verifier
    for _ in range(2):
        with pytest.raises(jwt.PyJWTError):
            verifier.verify("not-a-token")
    assert checks == ["not-a-token", "not-a-token"]


class _Later:
    """`datetime` as PyJWT reads it, `seconds` in the future (its exp check)."""

    def __init__(self, seconds: float) -> None:
        from datetime import datetime

        self._datetime = datetime
        self._seconds = seconds

    def now(self, tz=None):
        return self._datetime.now(tz) + timedelta(seconds=self._seconds)

    def __getattr__(self, name: str):
        return getattr(self._datetime, name)
