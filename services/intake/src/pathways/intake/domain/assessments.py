"""Assessment records over time, the clean-since date and days clean (computed, never stored)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pathways.platform.errors import InvalidInput

from .instruments import Barc10, Top


def validate_clean_since(
    clean_since: date, *, today: date, date_of_birth: date | None = None
) -> date:
    """Clean-since may not be in the future nor before the date of birth."""
    if clean_since > today:
        raise InvalidInput(
            f"clean_since {clean_since.isoformat()} is in the future (today is "
            f"{today.isoformat()})",
            code="clean_since_in_future",
        )
    if date_of_birth is not None and clean_since < date_of_birth:
        raise InvalidInput(
            f"clean_since {clean_since.isoformat()} is before the date of birth "
            f"{date_of_birth.isoformat()}",
            code="clean_since_before_birth",
        )
    return clean_since


def days_clean(clean_since: date, today: date) -> int:
    """Whole days from `clean_since` to `today` (0 on the day itself)."""
    if today < clean_since:
        raise InvalidInput(
            f"today {today.isoformat()} is before clean_since {clean_since.isoformat()}",
            code="clean_since_in_future",
        )
    return (today - clean_since).days


@dataclass(frozen=True, slots=True)
class Assessment:
    """One assessment: any of BARC-10, TOP and clean-since (at least one)."""

    assessment_id: uuid.UUID
    assessed_on: date
    barc10: Barc10 | None = None
    top: Top | None = None
    clean_since: date | None = None

    @classmethod
    def create(
        cls,
        *,
        assessed_on: date,
        today: date,
        barc10: Barc10 | None = None,
        top: Top | None = None,
        clean_since: date | None = None,
        date_of_birth: date | None = None,
        assessment_id: uuid.UUID | None = None,
    ) -> Assessment:
        """Validate dates (not in the future, clean-since not after the assessment)."""
        if barc10 is None and top is None and clean_since is None:
            raise InvalidInput(
                "an assessment needs a BARC-10, a TOP or a clean_since date",
                code="empty_assessment",
            )
        if assessed_on > today:
            raise InvalidInput(
                f"assessed_on {assessed_on.isoformat()} is in the future (today is "
                f"{today.isoformat()})",
                code="assessed_in_future",
            )
        if clean_since is not None:
            validate_clean_since(clean_since, today=today, date_of_birth=date_of_birth)
            if clean_since > assessed_on:
                raise InvalidInput(
                    f"clean_since {clean_since.isoformat()} is after the assessment date "
                    f"{assessed_on.isoformat()}",
                    code="clean_since_after_assessment",
                )
        return cls(assessment_id or uuid.uuid4(), assessed_on, barc10, top, clean_since)

    @property
    def barc10_total(self) -> int | None:
        """The BARC-10 total, or None when no BARC-10 was taken."""
        return self.barc10.total if self.barc10 else None


def latest_first(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Newest assessment first; on the same date, the one recorded later comes first."""
    return sorted(reversed(list(assessments)), key=lambda a: a.assessed_on, reverse=True)


def current_clean_since(assessments: Iterable[Assessment]) -> date | None:
    """The clean-since date of the latest assessment that recorded one."""
    return next((a.clean_since for a in latest_first(assessments) if a.clean_since), None)
