"""The mentoring unit of work: the kit's transaction plus repositories, the matching policy,
and work deferred to just before commit (one matching run per prison per transaction); the
SQLAlchemy one fulfilling `service_layer/unit_of_work.py`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import ClassVar
from uuid import UUID

from pathways.mentoring.adapters.batch_matches import BatchMatches, BatchMentors
from pathways.mentoring.adapters.batch_people import BatchMentees, BatchPeople
from pathways.mentoring.adapters.cohorts import CohortRepository
from pathways.mentoring.adapters.matches import MatchRepository
from pathways.mentoring.adapters.people import (
    NonAssociationRepository,
    PeopleRepository,
    lock_prison,
)
from pathways.mentoring.adapters.repository import MenteeRepository, MentorRepository
from pathways.mentoring.domain.matching_policy import MatchingMode, MatchingPolicy
from pathways.messaging.context import current_ids, working_as
from pathways.messaging.unit_of_work import UnitOfWork

__all__ = ["MatchingMode", "MatchingPolicy", "MentoringUnitOfWork"]  # the policy: domain

Deferred = Callable[[], Awaitable[None]]


class MentoringUnitOfWork(UnitOfWork):
    policy: ClassVar[MatchingPolicy] = MatchingPolicy()

    mentors: MentorRepository
    mentees: MenteeRepository
    matches: MatchRepository
    people: PeopleRepository
    non_associations: NonAssociationRepository
    cohorts: CohortRepository

    @classmethod
    def configured(cls, policy: MatchingPolicy) -> type[MentoringUnitOfWork]:
        """A unit-of-work class bound to the deployment's matching policy."""
        return type("ConfiguredMentoringUnitOfWork", (cls,), {"policy": policy})

    def _enter(self) -> None:
        self.mentors = MentorRepository(self.session)
        self.mentees = MenteeRepository(self.session)
        self.matches = MatchRepository(self.session)
        self.people = PeopleRepository(self.session)
        self.non_associations = NonAssociationRepository(self.session)
        self.cohorts = CohortRepository(self.session)
        self._deferred: dict[str, tuple[Deferred, tuple[str | None, str | None]]] = {}

    async def load_batch(self, person_ids: Collection[UUID]) -> None:
        """A consumer batch: custody records, mentors, open matches and the mentees on both
        sides of them, one query each; the handlers' reads and saves stay in memory until
        `write_batch` (the repositories are the batch's meanwhile)."""
        await super().load_batch(person_ids)
        self._by_row = (self.people, self.mentees, self.mentors, self.matches)
        self.people, self.mentees = BatchPeople(self.people), BatchMentees(self.mentees)  # type: ignore[assignment]
        self.mentors, self.matches = BatchMentors(self.mentors), BatchMatches(self.matches)  # type: ignore[assignment]
        await self.people.load(person_ids)
        sides = await self.matches.load(person_ids)
        await self.mentors.load(person_ids)
        await self.mentees.load({*person_ids, *sides})

    async def write_batch(self) -> None:
        """One INSERT and one UPDATE per table; then the repositories are the usual ones
        again (the matching runs deferred to the commit read what the batch wrote)."""
        for staged in (self.people, self.mentees, self.mentors, self.matches):
            await staged.staged.write()
        self.people, self.mentees, self.mentors, self.matches = self._by_row
        await super().write_batch()

    async def lock_matching(self, prison_code: str) -> None:
        """Take the prison's matching lock before reading its cohort."""
        await lock_prison(self.session, prison_code)

    def defer(self, key: str, work: Deferred) -> None:
        """Run `work` once before commit, however many times `key` is deferred. It runs with
        the correlation and causation ids of the first request or event that deferred it
        (the consumer unbinds an event's ids before it commits the batch)."""
        if key not in self._deferred:
            self._deferred[key] = (work, current_ids())

    async def commit(self) -> None:
        while self._deferred:
            work, (correlation_id, causation_id) = self._deferred.pop(next(iter(self._deferred)))
            before = current_ids()
            if causation_id is None or before == (correlation_id, causation_id):
                await work()
                continue
            with working_as(correlation_id, causation_id):
                await work()
        await super().commit()

    async def rollback(self) -> None:
        self._deferred = {}
        await super().rollback()
