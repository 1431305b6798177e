"""Response bodies built from domain objects."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from pathways.mentoring.domain import Candidate, Match, Mentee, Mentor, Session, TrainingCohort


class CohortView(BaseModel):
    cohort_id: UUID
    name: str
    prison_code: str | None
    starts_on: date | None
    course_ends_on: date | None

    @classmethod
    def of(cls, cohort: TrainingCohort) -> CohortView:
        return cls(
            cohort_id=cohort.cohort_id,
            name=cohort.name,
            prison_code=cohort.prison_code,
            starts_on=cohort.starts_on,
            course_ends_on=cohort.course_ends_on,
        )


class MentorView(BaseModel):
    mentor_id: UUID
    person_id: UUID
    prison_code: str
    status: str
    status_reason: str | None
    cohort: str | None
    cohort_id: UUID | None = None
    cohort_starts_on: date | None = None
    enrolled_on: date | None = None
    wing: str | None
    languages: list[str]
    lived_experience: list[str]
    availability: list[str]
    capacity: int
    modules_completed: dict[str, date]
    missing_modules: list[str]
    qualification: dict[str, str] | None
    open_matches: int | None = None

    @classmethod
    def of(cls, mentor: Mentor, open_matches: int | None = None) -> MentorView:
        q = mentor.qualification
        return cls(
            mentor_id=mentor.mentor_id,
            person_id=mentor.person_id,
            prison_code=mentor.prison_code,
            status=mentor.status.value,
            status_reason=mentor.status_reason.value if mentor.status_reason else None,
            cohort=mentor.cohort.name if mentor.cohort else None,
            cohort_id=mentor.cohort.cohort_id if mentor.cohort else None,
            cohort_starts_on=mentor.cohort.starts_on if mentor.cohort else None,
            enrolled_on=mentor.enrolled_on,
            wing=mentor.wing,
            languages=sorted(mentor.languages),
            lived_experience=sorted(mentor.lived_experience),
            availability=sorted(mentor.availability),
            capacity=mentor.capacity,
            modules_completed={m.value: d for m, d in mentor.modules_completed.items()},
            missing_modules=[m.value for m in mentor.missing_modules],
            qualification={"award": q.award, "awarded_on": q.awarded_on.isoformat()} if q else None,
            open_matches=open_matches,
        )


class SessionView(BaseModel):
    session_id: UUID
    kind: str
    held_on: date
    minutes: int
    notes: str

    @classmethod
    def of(cls, session: Session) -> SessionView:
        return cls(
            session_id=session.session_id,
            kind=session.kind.value,
            held_on=session.held_on,
            minutes=session.minutes,
            notes=session.notes,
        )


class MatchView(BaseModel):
    match_id: UUID
    mentor_id: UUID
    mentor_person_id: UUID
    mentee_person_id: UUID
    prison_code: str
    status: str
    score: float
    explanation: str
    proposed_at: datetime
    made_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    sessions: list[SessionView] | None = None

    @classmethod
    def of(cls, match: Match, *, with_sessions: bool = False) -> MatchView:
        return cls(**cls._fields(match, with_sessions=with_sessions))

    @classmethod
    def built(cls, match: Match) -> MatchView:
        """The view of a match just made, without validating what the domain built (a
        matching run answers hundreds)."""
        return cls.model_construct(**cls._fields(match, with_sessions=False))

    @staticmethod
    def _fields(match: Match, *, with_sessions: bool) -> dict[str, object]:
        return dict(
            match_id=match.match_id,
            mentor_id=match.mentor_id,
            mentor_person_id=match.mentor_person_id,
            mentee_person_id=match.mentee_person_id,
            prison_code=match.prison_code,
            status=match.status.value,
            score=round(match.score, 3),
            explanation=match.explanation,
            proposed_at=match.proposed_at,
            made_at=match.made_at,
            ended_at=match.ended_at,
            end_reason=match.end_reason.value if match.end_reason else None,
            sessions=[SessionView.of(s) for s in match.sessions] if with_sessions else None,
        )


class MenteeView(BaseModel):
    person_id: UUID
    prison_code: str | None
    wing: str | None
    status: str
    referred_at: datetime
    substances: list[str]
    languages: list[str]

    @classmethod
    def of(cls, mentee: Mentee) -> MenteeView:
        return cls(
            person_id=mentee.person_id,
            prison_code=mentee.prison_code,
            wing=mentee.wing,
            status=mentee.status.value,
            referred_at=mentee.referred_at,
            substances=sorted(mentee.substances),
            languages=sorted(mentee.languages),
        )


class CandidateView(BaseModel):
    mentor_id: UUID
    allowed: bool
    score: float
    explanation: str
    exclusions: list[str]
    exclusion_reasons: list[str]

    @classmethod
    def of(cls, c: Candidate) -> CandidateView:
        return cls(
            mentor_id=c.mentor_id,
            allowed=c.allowed,
            score=round(c.score, 3),
            explanation=c.explanation,
            exclusions=[x.value for x in c.exclusions],
            exclusion_reasons=list(c.exclusion_reasons),
        )


class MatchingRunView(BaseModel):
    prison_code: str
    mode: str
    matches: list[MatchView]
    total_score: float
    still_waiting: list[UUID]


class SessionLoggedView(BaseModel):
    session_id: UUID
    match_id: UUID
    kind: str
    held_on: date
    minutes: int
