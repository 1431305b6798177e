"""Shared words of the mentoring domain: modules, statuses, slots, and input normalisers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pathways.platform.errors import InvalidInput

PRISON_CODE = re.compile(r"^[A-Z]{3}$")


class Module(StrEnum):
    """The four modules of the six-week peer-mentor course (names as in contract.md)."""

    CONFLICT_RESOLUTION = "conflict_resolution"
    INTERPERSONAL_SKILLS = "interpersonal_skills"
    MENTORING_SKILLS = "mentoring_skills"
    DRUG_ALCOHOL_AWARENESS = "drug_alcohol_awareness"


ALL_MODULES: tuple[Module, ...] = tuple(Module)


class MentorStatus(StrEnum):
    CANDIDATE = "candidate"
    IN_TRAINING = "in_training"
    QUALIFIED = "qualified"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


class MentorStatusReason(StrEnum):
    """Why a mentor's status changed; the reason is carried in `status_changed` events."""

    ENROLLED = "enrolled"
    QUALIFIED = "qualified"
    ACTIVATED = "activated"
    REINSTATED = "reinstated"
    RELEASED = "released"
    TRANSFERRED = "transferred"
    RECEIVED = "received"  # in custody again after a release (a new custody period)
    REJOINED = "rejoined"  # enrolled again after leaving: training history kept
    CONDUCT = "conduct"
    SAFEGUARDING = "safeguarding"
    HEALTH = "health"
    OWN_REQUEST = "own_request"


SUSPENSION_REASONS = frozenset(
    {
        MentorStatusReason.CONDUCT,
        MentorStatusReason.SAFEGUARDING,
        MentorStatusReason.HEALTH,
        MentorStatusReason.OWN_REQUEST,
    }
)
LEAVING_REASONS = frozenset(
    {
        MentorStatusReason.RELEASED,
        MentorStatusReason.TRANSFERRED,
        MentorStatusReason.CONDUCT,
        MentorStatusReason.SAFEGUARDING,
        MentorStatusReason.OWN_REQUEST,
    }
)


class Slot(StrEnum):
    """A part of the day when a mentor (or mentee) can meet, every weekday."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


ALL_SLOTS: frozenset[Slot] = frozenset(Slot)


def prison_code(value: str) -> str:
    """Validate a three-letter prison code such as `BAI` (HMP Belmarsh)."""
    if not PRISON_CODE.match(value):
        raise InvalidInput(
            f"prison code {value!r} must be three capital letters, e.g. 'BAI'",
            code="invalid_prison_code",
        )
    return value


def wing(value: str | None) -> str | None:
    """Normalise a wing name (trimmed, upper case); blank means unknown."""
    cleaned = (value or "").strip().upper()
    return cleaned or None


def substances(values: Iterable[str]) -> frozenset[str]:
    """Normalise substance names to lower case (e.g. 'Opiates' -> 'opiates')."""
    return frozenset(v.strip().lower() for v in values if v.strip())


def languages(values: Iterable[str]) -> frozenset[str]:
    """Normalise language names to title case (e.g. 'polish' -> 'Polish')."""
    return frozenset(v.strip().title() for v in values if v.strip())


def aware(at: datetime, what: str) -> datetime:
    """Refuse naive datetimes: every instant in the domain carries its time zone."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(f"{what} must include a time zone", code="naive_datetime")
    return at
