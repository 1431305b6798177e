"""The Match aggregate: a mentor supporting a mentee, from proposal to its end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.domain.events import (
    DomainEvent,
    MatchEnded,
    MatchMade,
    MatchProposed,
    SessionLogged,
)
from pathways.mentoring.domain.match_states import ENDED_BADLY, EndReason, MatchStatus
from pathways.mentoring.domain.sessions import Session, SessionKind
from pathways.platform.checks import known
from pathways.platform.errors import Conflict, InvalidInput

__all__ = ["ENDED_BADLY", "EndReason", "Match", "MatchStatus"]


@dataclass
class Match:
    match_id: UUID
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    prison_code: str
    score: float
    explanation: str
    proposed_at: datetime
    status: MatchStatus = MatchStatus.PROPOSED
    made_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: EndReason | None = None
    sessions: list[Session] = field(default_factory=list)
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def propose(
        cls,
        *,
        mentor_id: UUID,
        mentor_person_id: UUID,
        mentee_person_id: UUID,
        prison_code: str,
        score: float,
        explanation: str,
        at: datetime,
        match_id: UUID | None = None,
    ) -> Match:
        """A pair awaiting approval (automatic mode: call `approve` at once).

        Check the pair first with `rules.ensure_pair`.
        """
        if mentor_person_id == mentee_person_id:
            raise InvalidInput("a person cannot mentor themselves", code="same_person")
        match = cls(
            match_id or uuid4(),
            mentor_id,
            mentor_person_id,
            mentee_person_id,
            v.prison_code(prison_code),
            score,
            explanation,
            v.aware(at, "proposal time"),
        )
        match.events.append(
            MatchProposed(match.match_id, mentor_id, mentor_person_id, mentee_person_id, score, at)
        )
        return match

    @property
    def is_open(self) -> bool:
        """Proposed or active: the match holds one of the mentor's places."""
        return self.status is not MatchStatus.ENDED

    @property
    def ended_badly(self) -> bool:
        return self.end_reason in ENDED_BADLY

    def approve(self, at: datetime) -> None:
        """Coordinator approval: proposed -> active."""
        if self.status is not MatchStatus.PROPOSED:
            raise Conflict(
                f"match {self.match_id} is {self.status}; only a proposed match can be approved",
                code="match_not_proposed",
            )
        self.status, self.made_at = MatchStatus.ACTIVE, v.aware(at, "approval time")
        self.events.append(
            MatchMade(
                self.match_id,
                self.mentor_id,
                self.mentor_person_id,
                self.mentee_person_id,
                self.score,
                at,
            )
        )

    def end(self, reason: EndReason | str, at: datetime) -> None:
        """End the match with a reason; this frees the mentor's place."""
        reason = known(EndReason, reason, "end reason", "unknown_end_reason")
        if self.status is MatchStatus.ENDED:
            raise Conflict(
                f"match {self.match_id} already ended ({self.end_reason})",
                code="match_already_ended",
            )
        was_made = self.status is MatchStatus.ACTIVE
        self.status, self.end_reason = MatchStatus.ENDED, reason
        at = max(v.aware(at, "end time"), self.made_at or self.proposed_at)  # never before it began
        self.ended_at = at
        self.events.append(
            MatchEnded(
                self.match_id,
                self.mentor_person_id,
                self.mentee_person_id,
                reason.value,
                was_made,
                at,
            )
        )

    def log_session(
        self,
        *,
        kind: SessionKind | str,
        held_on: date,
        minutes: int,
        today: date,
        notes: str = "",
        session_id: UUID | None = None,
    ) -> Session:
        """Record a session on an active match (Conflict once the match has ended)."""
        if self.status is MatchStatus.ENDED:
            raise Conflict(
                f"match {self.match_id} ended ({self.end_reason}); no more sessions can be logged",
                code="match_ended",
            )
        if self.status is not MatchStatus.ACTIVE:
            raise Conflict(
                f"match {self.match_id} is still proposed; approve it before logging sessions",
                code="match_not_active",
            )
        session = Session.create(
            session_id=session_id or uuid4(),
            match_id=self.match_id,
            kind=kind,
            held_on=held_on,
            minutes=minutes,
            notes=notes,
            today=today,
        )
        began = min(self.proposed_at, self.made_at or self.proposed_at).date()
        if held_on < began:
            raise InvalidInput(
                f"session date {held_on} is before the match began on {began}",
                code="session_before_match",
            )
        first_night = SessionKind.FIRST_NIGHT_VISIT
        if session.kind is first_night and any(s.kind is first_night for s in self.sessions):
            raise Conflict(
                f"match {self.match_id} already has a first-night visit",
                code="first_night_visit_already_logged",
            )
        self.sessions.append(session)
        self.events.append(
            SessionLogged(
                session.session_id,
                self.match_id,
                self.mentee_person_id,
                session.kind.value,
                held_on,
                minutes,
            )
        )
        return session
