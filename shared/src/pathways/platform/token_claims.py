"""The shapes a token's claims must have (`sub`, `roles`, `caseloads`): any other is refused
as an invalid token (401), before any role or caseload is looked at."""

from __future__ import annotations

import re

import jwt

MAX_ROLES = 50
MAX_CASELOADS = 200
PRISON_CODE = re.compile(r"[A-Z]{3}")


def subject_claim(sub: object) -> str:
    if not isinstance(sub, str) or not sub.strip() or len(sub) > 200 or not _is_utf8(sub):
        raise jwt.InvalidTokenError("the sub claim must be a short non-blank string")
    return sub


def roles_claim(roles: object) -> frozenset[str]:
    """`roles` as a space-separated string or a list of strings; any other shape is refused."""
    if isinstance(roles, str):
        roles = roles.split()
    if (
        not isinstance(roles, list)
        or len(roles) > MAX_ROLES
        or not all(isinstance(r, str) and len(r) <= 100 and _is_utf8(r) for r in roles)
    ):
        raise jwt.InvalidTokenError("the roles claim must be a string or a list of strings")
    return frozenset(roles)


def caseloads_claim(caseloads: object) -> frozenset[str]:
    """`caseloads` as a space-separated string or a list of prison codes (`BAI`); a missing
    claim is an empty caseload (national roles need none); any other shape is refused."""
    if isinstance(caseloads, str):
        caseloads = caseloads.split()
    if (
        not isinstance(caseloads, list)
        or len(caseloads) > MAX_CASELOADS
        or not all(isinstance(c, str) and PRISON_CODE.fullmatch(c) for c in caseloads)
    ):
        raise jwt.InvalidTokenError("the caseloads claim must be a list of prison codes")
    return frozenset(caseloads)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
