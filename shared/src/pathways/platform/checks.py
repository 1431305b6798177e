"""Validation helpers any domain may use: calendar days in the prisons' timezone, dates not in
the future or before an earlier fact, required text and enum values (errors say what is wrong)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from pathways.platform.errors import InvalidInput

PRISON_TIMEZONE = ZoneInfo("Europe/London")

E = TypeVar("E", bound=StrEnum)


def local_date(moment: datetime) -> date:
    """The calendar day of `moment` in the prisons' timezone (naive datetimes are taken as UTC)."""
    return as_utc(moment).astimezone(PRISON_TIMEZONE).date()


def as_utc(moment: datetime) -> datetime:
    """`moment` as an aware datetime (naive datetimes are taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def require_text(value: str | None, field: str) -> str:
    """Return `value` stripped, or raise InvalidInput(`<field>_required`) when it is blank."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{field} must not be blank", code=f"{field}_required")
    return text


def optional_text(value: str | None) -> str | None:
    """Strip `value`; blank becomes None."""
    text = (value or "").strip()
    return text or None


def not_in_future(on: date, today: date, field: str) -> None:
    """Refuse a date after `today` (code `<field>_in_future`)."""
    if on > today:
        raise InvalidInput(
            f"{field} {on.isoformat()} is after today ({today.isoformat()})",
            code=f"{field}_in_future",
        )


def not_before(on: date, earliest: date, field: str, what: str, code: str) -> None:
    """Refuse `on` earlier than `earliest` (`what` names the earlier fact)."""
    if on < earliest:
        raise InvalidInput(
            f"{field} {on.isoformat()} is before {what} ({earliest.isoformat()})", code=code
        )


def to_enum(kind: type[E], value: str, field: str) -> E:
    """`value` as a member of `kind`, or InvalidInput(`invalid_<field>`) listing the choices."""
    if (member := _member(kind, value)) is None:
        raise InvalidInput(
            f"{field} must be one of {_choices(kind)}, got {value!r}", code=f"invalid_{field}"
        )
    return member


def known(kind: type[E], value: str, what: str, code: str) -> E:
    """`value` as a member of `kind`, or InvalidInput(`code`) naming `what` and the choices."""
    if (member := _member(kind, value)) is None:
        raise InvalidInput(f"unknown {what} {value!r}; expected one of {_choices(kind)}", code=code)
    return member


def _member(kind: type[E], value: str) -> E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def _choices(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)
