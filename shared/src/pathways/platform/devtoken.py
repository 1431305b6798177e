"""Development tokens for the embedded default, signed with the local key.

python -m pathways.platform.devtoken family,intake:read --caseloads BAI,WDI
python -m pathways.platform.devtoken reporting:all          (national scope: every prison)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import jwt

from pathways.platform.security import NATIONAL, ROLES, load_or_create_dev_key
from pathways.platform.settings import ServiceSettings
from pathways.platform.token_claims import PRISON_CODE


def issue_token(
    roles: Iterable[str],
    *,
    caseloads: Iterable[str] = (),
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
        "caseloads": sorted(caseloads),
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, key, algorithm="RS256")


def _words(args: list[str]) -> list[str]:
    return [word for arg in args for word in arg.replace(",", " ").split()]


def main(argv: list[str]) -> None:
    """Roles, then optionally `--caseloads BAI,WDI`. No roles: every role, national scope."""
    role_args, caseload_args = argv, []
    if "--caseloads" in argv:
        at = argv.index("--caseloads")
        role_args, caseload_args = argv[:at], argv[at + 1 :]
    wanted = _words(role_args) or sorted(f"{role}{NATIONAL}" for role in ROLES)
    unknown = [r for r in wanted if r.split(":")[0] not in ROLES]
    if unknown:
        sys.exit(f"unknown roles {unknown}; roles are {sorted(ROLES)} (optionally :read, :all)")
    caseloads = _words(caseload_args)
    malformed = [c for c in caseloads if not PRISON_CODE.fullmatch(c)]
    if malformed:
        sys.exit(f"caseloads are three-letter prison codes (BAI,WDI), not {malformed}")
    print(issue_token(wanted, caseloads=caseloads))


if __name__ == "__main__":
    main(sys.argv[1:])
