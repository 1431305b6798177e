"""Small value objects and validators: prison number, security category, wing, times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pathways.platform.errors import InvalidInput

PRISON_NUMBER_PATTERN = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
_WING_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .'/-]*$")
MAX_WING_LENGTH = 40
MAX_TEXT_LENGTH = 100


def validate_prison_number(raw: str) -> str:
    """Normalise (strip, upper-case) and check a prison (NOMIS) number such as A1234BC."""
    number = raw.strip().upper() if isinstance(raw, str) else ""
    if not PRISON_NUMBER_PATTERN.match(number):
        raise InvalidInput(
            f"prison number {raw!r} must look like A1234BC (one letter, four digits, two letters)",
            code="invalid_prison_number",
        )
    return number


class SecurityCategory(StrEnum):
    """Security category; the Cat A kinds, B to D, and the women's and young people's ones."""

    A = "A"
    A_EXCEPTIONAL = "A_EXCEPTIONAL"
    A_HIGH = "A_HIGH"
    A_PROVISIONAL = "A_PROVISIONAL"
    B = "B"
    C = "C"
    D = "D"
    FEMALE_RESTRICTED = "FEMALE_RESTRICTED"
    FEMALE_CLOSED = "FEMALE_CLOSED"
    FEMALE_OPEN = "FEMALE_OPEN"
    YOI_CLOSED = "YOI_CLOSED"
    YOI_OPEN = "YOI_OPEN"

    @property
    def is_category_a(self) -> bool:
        """Any kind of Category A (standard, exceptional, high, provisional)."""
        return self.value.startswith("A")

    @property
    def is_open(self) -> bool:
        """Open conditions (Cat D or the women's / young people's open category)."""
        return self in _OPEN_CATEGORIES


_OPEN_CATEGORIES = frozenset(
    {SecurityCategory.D, SecurityCategory.FEMALE_OPEN, SecurityCategory.YOI_OPEN}
)


def parse_category(raw: str) -> SecurityCategory:
    """Parse a category name such as 'D' or 'a_high'; raise InvalidInput otherwise."""
    try:
        return SecurityCategory(raw.strip().upper())
    except (ValueError, AttributeError):
        allowed = ", ".join(c.value for c in SecurityCategory)
        raise InvalidInput(
            f"security category {raw!r} is not one of {allowed}", code="invalid_category"
        ) from None


def validate_wing(raw: str | None) -> str | None:
    """A wing or cell location ('A', 'HB3', 'A-2-014'), stripped; None/blank means unknown."""
    if raw is None or not raw.strip():
        return None
    wing = raw.strip()
    if len(wing) > MAX_WING_LENGTH or not _WING_PATTERN.match(wing):
        raise InvalidInput(
            f"wing {raw!r} must be 1-{MAX_WING_LENGTH} letters, digits, spaces or - . ' /",
            code="invalid_wing",
        )
    return wing


def validate_short_text(raw: str | None, field_name: str) -> str | None:
    """A short optional label (e.g. destination area): stripped, at most 100 characters."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            f"{field_name} must be at most {MAX_TEXT_LENGTH} characters (got {len(text)})",
            code=f"invalid_{field_name}",
        )
    return text


def require_aware(moment: datetime, field_name: str) -> datetime:
    """Refuse naive datetimes: every instant in the domain carries its UTC offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            f"{field_name} {moment.isoformat()} must include a timezone offset",
            code="naive_datetime",
        )
    return moment


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's names. Kept in intake only; never put into events."""

    given_name: str
    family_name: str

    def __post_init__(self) -> None:
        for field_name in ("given_name", "family_name"):
            value = getattr(self, field_name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInput(f"{field_name} must not be blank", code="invalid_name")
            if len(value) > MAX_TEXT_LENGTH:
                raise InvalidInput(
                    f"{field_name} must be at most {MAX_TEXT_LENGTH} characters",
                    code="invalid_name",
                )
