"""Who is signed in: the user kept in the signed session cookie (their token, roles and
caseload of prisons). Pages depend on `signed_in`; without a user they go to sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

ROLE_NAMES = {
    "intake": "Reception and intake",
    "mentoring": "Peer-mentor coordinator",
    "family": "Family worker",
    "placements": "Placements lead",
    "reporting": "Reporting",
    "admin": "Administrator",
    "sar": "Subject access requests (information assurance)",
}


class SignInRequired(Exception):
    """Raised by `signed_in`; the app answers with a redirect to the sign-in page."""


@dataclass(frozen=True)
class User:
    subject: str
    name: str
    roles: tuple[str, ...]
    caseload: tuple[str, ...]  # prison codes
    token: str

    def has(self, role: str) -> bool:
        return any(r.split(":")[0] == role for r in self.roles) or "admin" in self.roles

    def to_session(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "name": self.name,
            "roles": list(self.roles),
            "caseload": list(self.caseload),
            "token": self.token,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> User:
        return cls(
            subject=data["subject"],
            name=data.get("name") or data["subject"],
            roles=tuple(data.get("roles", ())),
            caseload=tuple(data.get("caseload", ())),
            token=data["token"],
        )


def current_user(request: Request) -> User | None:
    data = request.session.get("user")
    return User.from_session(data) if data else None


def signed_in(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired
    return user


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session["user"] = user.to_session()


def flash(request: Request, message: str) -> None:
    """A one-off confirmation shown on the next page (a notification banner)."""
    request.session["flash"] = message


def take_flash(request: Request) -> str | None:
    return request.session.pop("flash", None)


def flash_problem(request: Request, message: str) -> None:
    """A one-off refusal or failure shown on the next page as an error summary (never as a
    success banner)."""
    request.session["problem"] = message


def take_problem(request: Request) -> str | None:
    return request.session.pop("problem", None)
