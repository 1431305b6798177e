"""Development tokens for the embedded default, signed with the local key.

python -m pathways.platform.devtoken family,intake:read
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import jwt

from pathways.platform.security import ROLES, load_or_create_dev_key
from pathways.platform.settings import ServiceSettings


def issue_token(
    roles: Iterable[str],
    *,
    subject: str = "dev-user",
    settings: ServiceSettings | None = None,
    ttl: timedelta = timedelta(hours=12),
) -> str:
    settings = settings or ServiceSettings()
    key = load_or_create_dev_key(settings.auth_dev_key_file)
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "roles": sorted(roles),
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, key, algorithm="RS256")


def main(argv: list[str]) -> None:
    wanted = [r for arg in argv for r in arg.replace(",", " ").split()] or sorted(ROLES)
    unknown = [r for r in wanted if r.split(":")[0] not in ROLES]
    if unknown:
        sys.exit(f"unknown roles {unknown}; roles are {sorted(ROLES)} (optionally :read)")
    print(issue_token(wanted))


if __name__ == "__main__":
    main(sys.argv[1:])
