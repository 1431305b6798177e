"""Builders shared by the mentoring unit tests (fixtures: test modules cannot import each other;
the handler tests' fakes are `mentoring_fakes`, importable from here)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from pathways.mentoring.domain import (
    ALL_MODULES,
    Mentee,
    Mentor,
    MentorStatus,
    Slot,
    TrainingCohort,
)

sys.path.insert(0, str(Path(__file__).parent))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def build_mentor(
    *,
    status: MentorStatus = MentorStatus.ACTIVE,
    prison_code: str = "BAI",
    wing: str | None = "A",
    languages: Iterable[str] = ("English",),
    lived_experience: Iterable[str] = ("opiates",),
    availability: Iterable[Slot] = (Slot.MORNING,),
    capacity: int = 3,
    person_id: UUID | None = None,
) -> Mentor:
    """A mentor brought to `status` through the real lifecycle, with its events cleared."""
    in_cohort = status is not MentorStatus.CANDIDATE
    mentor = Mentor.enrol(
        person_id=person_id or uuid4(),
        prison_code=prison_code,
        at=NOW - timedelta(days=60),
        cohort=TrainingCohort(uuid4(), "Winter 2026") if in_cohort else None,
        wing=wing,
        languages=languages,
        lived_experience=lived_experience,
        availability=availability,
        capacity=capacity,
    )
    if status in (MentorStatus.QUALIFIED, MentorStatus.ACTIVE, MentorStatus.SUSPENDED):
        for module in ALL_MODULES:
            mentor.complete_module(module, date(2026, 2, 1))
        mentor.qualify(date(2026, 2, 10), at=NOW - timedelta(days=20))
    if status in (MentorStatus.ACTIVE, MentorStatus.SUSPENDED):
        mentor.activate(NOW - timedelta(days=19))
    if status is MentorStatus.SUSPENDED:
        mentor.suspend("conduct", NOW - timedelta(days=1))
    if status is MentorStatus.LEFT:
        mentor.leave("own_request", NOW - timedelta(days=1))
    mentor.events.clear()
    return mentor


def build_mentee(
    *,
    prison_code: str | None = "BAI",
    wing: str | None = "A",
    substances: Iterable[str] = ("opiates",),
    languages: Iterable[str] = (),
    availability: Iterable[Slot] = (),
    referred_minutes_ago: int = 60,
    person_id: UUID | None = None,
) -> Mentee:
    return Mentee.referred(
        person_id=person_id or uuid4(),
        referred_at=NOW - timedelta(minutes=referred_minutes_ago),
        prison_code=prison_code,
        wing=wing,
        substances=substances,
        languages=languages,
        availability=availability,
    )


@pytest.fixture
def make_mentor() -> Callable[..., Mentor]:
    return build_mentor


@pytest.fixture
def make_mentee() -> Callable[..., Mentee]:
    return build_mentee


@pytest.fixture
def now() -> datetime:
    return NOW
