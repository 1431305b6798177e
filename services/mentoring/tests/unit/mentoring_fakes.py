"""In-memory repositories for mentoring's unit-of-work protocol (service_layer/unit_of_work.py),
so its handlers are tested without a database or a broker. Work deferred to the commit (the
matching runs) runs at commit, as in the real unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from uuid import UUID

from pathways.mentoring.domain import (
    ENDED_BADLY,
    EndReason,
    Match,
    Mentee,
    MenteeStatus,
    Mentor,
    MentorStatus,
    NonAssociation,
    NonAssociations,
    Session,
    TrainingCohort,
)
from pathways.mentoring.domain.custody_record import CustodyRecord
from pathways.mentoring.domain.matching_policy import MatchingPolicy
from pathways.mentoring.domain.mentee import referred
from pathways.mentoring.domain.searches import MatchSearch, MentorSearch
from pathways.platform.errors import Conflict, NotFound
from pathways.platform.versioned import ConcurrentChange
from pathways.testing.fake_unit_of_work import FakeTable, FakeUnitOfWork

NOT_AGAIN = frozenset({*ENDED_BADLY, EndReason.NOT_APPROVED})


class FakeMentors:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, Mentor] = FakeTable()

    async def get(self, mentor_id: UUID) -> Mentor:
        if (found := self.table.get(mentor_id)) is None:
            raise NotFound(f"no mentor with id {mentor_id}", code="mentor_not_found")
        return found

    async def for_person(self, person_id: UUID) -> list[Mentor]:
        return [m for m in self.table.rows() if m.person_id == person_id]

    async def in_prison(self, prison_code: str, status: MentorStatus | None = None) -> list[Mentor]:
        found = (m for m in self.table.rows() if m.prison_code == prison_code)
        return sorted((m for m in found if status in (None, m.status)), key=lambda m: m.mentor_id)

    async def search(
        self, where: MentorSearch, limit: int, offset: int
    ) -> tuple[list[Mentor], int]:
        found = [
            m
            for m in self.table.rows()
            if where.prison_code in (None, "", m.prison_code)
            and where.status in (None, "", m.status.value)
            and (where.prisons is None or m.prison_code in where.prisons)
        ]
        return found[offset : offset + limit], len(found)

    async def save(self, mentor: Mentor) -> None:
        self.table.put(mentor.mentor_id, mentor)


class FakeMentees:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, Mentee] = FakeTable()

    async def find(self, person_id: UUID) -> Mentee | None:
        return self.table.get(person_id)

    async def get(self, person_id: UUID) -> Mentee:
        return referred(await self.find(person_id), person_id)

    async def waiting(
        self, prison_code: str | None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[Mentee], int]:
        found = sorted(
            (
                m
                for m in self.table.rows()
                if m.status is MenteeStatus.WAITING and m.prison_code == (prison_code or None)
            ),
            key=lambda m: (m.referred_at, m.person_id),
        )
        end = None if limit is None else offset + limit
        return found[offset:end], len(found)

    async def save(self, mentee: Mentee) -> None:
        self.table.put(mentee.person_id, mentee)

    async def mark_matched(self, person_ids: Sequence[UUID]) -> None:
        found = [self.table.get(person_id) for person_id in person_ids]
        if any(m is None or m.status is not MenteeStatus.WAITING for m in found):
            raise ConcurrentChange("the waiting list")
        for mentee in found:
            assert mentee is not None
            mentee.status = MenteeStatus.MATCHED
            self.table.put(mentee.person_id, mentee)


class FakeMatches:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, Match] = FakeTable()
        self.sessions: FakeTable[UUID, list[Session]] = FakeTable()

    async def get(self, match_id: UUID, *, with_sessions: bool = False) -> Match:
        if (match := self.table.get(match_id)) is None:
            raise NotFound(f"no match with id {match_id}", code="match_not_found")
        if with_sessions and not match.sessions:
            match.sessions.extend(self.sessions.get(match_id) or [])
        return match

    async def open_for_person(self, person_id: UUID) -> list[Match]:
        return [
            m
            for m in self.table.rows()
            if m.is_open and person_id in (m.mentee_person_id, m.mentor_person_id)
        ]

    async def open_for_mentor(self, mentor_id: UUID) -> list[Match]:
        return [m for m in self.table.rows() if m.is_open and m.mentor_id == mentor_id]

    async def search(self, asked: MatchSearch, limit: int, offset: int) -> tuple[list[Match], int]:
        found = sorted(
            (
                m
                for m in self.table.rows()
                if asked.person_id in (None, m.mentee_person_id, m.mentor_person_id)
                and asked.prison_code in (None, "", m.prison_code)
                and asked.status in (None, "", m.status.value)
            ),
            key=lambda m: m.proposed_at,
            reverse=True,
        )
        return found[offset : offset + limit], len(found)

    async def loads(self, mentor_ids: Iterable[UUID]) -> dict[UUID, int]:
        wanted, loads = set(mentor_ids), dict[UUID, int]()
        for match in self.table.rows():
            if match.is_open and match.mentor_id in wanted:
                loads[match.mentor_id] = loads.get(match.mentor_id, 0) + 1
        return loads

    async def barred_pairs(self, mentee_ids: Iterable[UUID]) -> frozenset[frozenset[UUID]]:
        wanted = set(mentee_ids)
        return frozenset(
            frozenset((m.mentor_person_id, m.mentee_person_id))
            for m in self.table.rows()
            if m.end_reason in NOT_AGAIN and m.mentee_person_id in wanted
        )

    async def add_all(self, new: Sequence[Match]) -> None:
        busy = {m.mentee_person_id for m in self.table.rows() if m.is_open}
        if any(m.mentee_person_id in busy for m in new):
            raise ConcurrentChange("a match", "a mentee in this run already has an open match")
        for match in new:
            self.table.put(match.match_id, match)

    async def save(self, match: Match) -> None:
        self.table.put(match.match_id, match)

    async def add_session(self, session: Session, logged_by: str) -> None:
        logged = self.sessions.get(session.match_id) or []
        self.sessions.put(session.match_id, [*logged, session])


class FakePeople:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, CustodyRecord] = FakeTable()

    async def get(self, person_id: UUID) -> CustodyRecord:
        return self.table.get(person_id) or CustodyRecord(person_id)

    async def save(self, record: CustodyRecord) -> None:
        record.is_new = False
        self.table.put(record.person_id, record)


class FakeNonAssociations:
    def __init__(self) -> None:
        self.table: FakeTable[frozenset[UUID], NonAssociation] = FakeTable()

    async def among(self, person_ids: Iterable[UUID]) -> NonAssociations:
        wanted = set(person_ids)
        return NonAssociations(e for e in self.table.rows() if wanted & set(e.pair))

    async def add(self, entry: NonAssociation, recorded_by: str) -> None:
        if entry.pair in self.table:
            raise Conflict("a non-association is already recorded", code="non_association_exists")
        self.table.put(entry.pair, entry)


class FakeCohorts:
    def __init__(self) -> None:
        self.table: FakeTable[UUID, TrainingCohort] = FakeTable()

    async def find(self, cohort_id: UUID) -> TrainingCohort | None:
        return self.table.get(cohort_id)

    async def add(self, cohort: TrainingCohort, created_by: str) -> None:
        self.table.put(cohort.cohort_id, cohort)


class FakeMentoringUnitOfWork(FakeUnitOfWork):
    def __init__(self, policy: MatchingPolicy | None = None) -> None:
        super().__init__()
        self.policy = policy or MatchingPolicy()
        self.mentors, self.mentees, self.matches = FakeMentors(), FakeMentees(), FakeMatches()
        self.people, self.non_associations = FakePeople(), FakeNonAssociations()
        self.cohorts = FakeCohorts()
        self.locked: list[str] = []  # prisons whose matching lock was taken, in order
        self._deferred: dict[str, Callable[[], Awaitable[None]]] = {}
        self.track(
            self.mentors.table, self.mentees.table, self.matches.table, self.matches.sessions,
            self.people.table, self.non_associations.table, self.cohorts.table,
        )  # fmt: skip

    async def lock_matching(self, prison_code: str) -> None:
        self.locked.append(prison_code)

    def defer(self, key: str, work: Callable[[], Awaitable[None]]) -> None:
        self._deferred.setdefault(key, work)

    async def commit(self) -> None:
        while self._deferred:
            await self._deferred.pop(next(iter(self._deferred)))()
        await super().commit()

    async def rollback(self) -> None:
        self._deferred = {}
        await super().rollback()
