"""What mentoring's use cases need of a unit of work: these repositories, the matching
policy, the per-prison matching lock, work deferred to just before commit, and the kit's
transaction (`AbstractUnitOfWork`: emit, audit, commit). The SQLAlchemy one is
`adapters/unit_of_work.py`, passed in by the entrypoints and the consumer; the unit tests
pass a fake (`tests/unit/mentoring_fakes.py`). No handler imports an adapter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Protocol
from uuid import UUID

from pathways.mentoring.domain import (
    Match,
    Mentee,
    Mentor,
    MentorStatus,
    NonAssociation,
    NonAssociations,
    Session,
    TrainingCohort,
)
from pathways.mentoring.domain.custody_record import CustodyRecord
from pathways.mentoring.domain.matching_policy import MatchingPolicy
from pathways.mentoring.domain.searches import MatchSearch, MentorSearch
from pathways.messaging.work import AbstractUnitOfWork


class Mentors(Protocol):
    async def get(self, mentor_id: UUID) -> Mentor:
        """The mentor, or NotFound."""
        ...

    async def for_person(self, person_id: UUID) -> list[Mentor]: ...

    async def in_prison(
        self, prison_code: str, status: MentorStatus | None = None
    ) -> list[Mentor]: ...

    async def search(
        self, where: MentorSearch, limit: int, offset: int
    ) -> tuple[list[Mentor], int]: ...

    async def save(self, mentor: Mentor) -> None: ...


class Mentees(Protocol):
    async def find(self, person_id: UUID) -> Mentee | None: ...

    async def get(self, person_id: UUID) -> Mentee:
        """The mentee, or NotFound (`mentee_not_found`)."""
        ...

    async def waiting(
        self, prison_code: str | None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[Mentee], int]:
        """Waiting mentees, oldest referral first (prison None: those whose prison is unknown)."""
        ...

    async def save(self, mentee: Mentee) -> None: ...

    async def mark_matched(self, person_ids: Sequence[UUID]) -> None:
        """Waiting -> matched for many at once; ConcurrentChange unless all were waiting."""
        ...


class Matches(Protocol):
    async def get(self, match_id: UUID, *, with_sessions: bool = False) -> Match: ...

    async def open_for_person(self, person_id: UUID) -> list[Match]:
        """Proposed or active matches of the person, as mentee or as mentor."""
        ...

    async def open_for_mentor(self, mentor_id: UUID) -> list[Match]: ...

    async def search(self, asked: MatchSearch, limit: int, offset: int) -> tuple[list[Match], int]:
        """The matches `asked` for, newest first."""
        ...

    async def loads(self, mentor_ids: Iterable[UUID]) -> dict[UUID, int]:
        """Open matches per mentor (proposed ones hold a place too)."""
        ...

    async def barred_pairs(self, mentee_ids: Iterable[UUID]) -> frozenset[frozenset[UUID]]:
        """Pairs involving these mentees that must not be proposed again."""
        ...

    async def add_all(self, new: Sequence[Match]) -> None:
        """ConcurrentChange if a mentee of `new` already has an open match."""
        ...

    async def save(self, match: Match) -> None: ...

    async def add_session(self, session: Session, logged_by: str) -> None: ...


class People(Protocol):
    async def get(self, person_id: UUID) -> CustodyRecord:
        """The person's record (a new, unsaved one for a person not heard of yet)."""
        ...

    async def save(self, record: CustodyRecord) -> None: ...


class NonAssociationsStore(Protocol):
    async def among(self, person_ids: Iterable[UUID]) -> NonAssociations: ...

    async def add(self, entry: NonAssociation, recorded_by: str) -> None: ...


class Cohorts(Protocol):
    async def find(self, cohort_id: UUID) -> TrainingCohort | None: ...

    async def add(self, cohort: TrainingCohort, created_by: str) -> None: ...


class MentoringUnitOfWork(AbstractUnitOfWork, Protocol):
    policy: MatchingPolicy
    mentors: Mentors
    mentees: Mentees
    matches: Matches
    people: People
    non_associations: NonAssociationsStore
    cohorts: Cohorts

    async def lock_matching(self, prison_code: str) -> None:
        """Take the prison's matching lock before reading its cohort."""
        ...

    def defer(self, key: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work` once before commit, however many times `key` is deferred."""
        ...
