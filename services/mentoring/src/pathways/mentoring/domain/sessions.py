"""Mentoring sessions: what happened in a meeting between a mentor and a mentee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from pathways.platform.checks import known
from pathways.platform.errors import InvalidInput

MIN_MINUTES, MAX_MINUTES = 1, 480
MAX_NOTES_LENGTH = 4000


class SessionKind(StrEnum):
    FIRST_NIGHT_VISIT = "first_night_visit"
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    HARM_MINIMISATION = "harm_minimisation"
    RELAPSE_PREVENTION = "relapse_prevention"
    RELEASE_PREPARATION = "release_preparation"


@dataclass(frozen=True)
class Session:
    """One logged session. `notes` are sensitive: they stay in the service, never in events."""

    session_id: UUID
    match_id: UUID
    kind: SessionKind
    held_on: date
    minutes: int
    notes: str = ""

    @classmethod
    def create(
        cls,
        *,
        session_id: UUID,
        match_id: UUID,
        kind: SessionKind | str,
        held_on: date,
        minutes: int,
        notes: str,
        today: date,
    ) -> Session:
        """Validate and build a session (`today` bounds `held_on`)."""
        kind = known(SessionKind, kind, "session kind", "unknown_session_kind")
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            raise InvalidInput(
                f"minutes {minutes} must be between {MIN_MINUTES} and {MAX_MINUTES}",
                code="invalid_minutes",
            )
        if held_on > today:
            raise InvalidInput(
                f"session date {held_on} is in the future (today is {today})",
                code="session_in_future",
            )
        if len(notes) > MAX_NOTES_LENGTH:
            raise InvalidInput(
                f"notes are {len(notes)} characters; at most {MAX_NOTES_LENGTH} allowed",
                code="notes_too_long",
            )
        return cls(session_id, match_id, kind, held_on, minutes, notes.strip())
