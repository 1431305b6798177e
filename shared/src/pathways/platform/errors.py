"""Domain errors every service raises; the chassis turns them into HTTP 4xx answers."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses. `code` is a stable machine-readable reason."""

    status_code = 422

    def __init__(self, message: str, *, code: str = "rule_violated") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class InvalidInput(DomainError):
    """The input breaks a rule of the domain (a bad prison number, dates in the wrong order)."""

    status_code = 422


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    status_code = 404

    def __init__(self, message: str, *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class Conflict(DomainError):
    """The request clashes with the current state (released twice, task completed twice)."""

    status_code = 409

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)
