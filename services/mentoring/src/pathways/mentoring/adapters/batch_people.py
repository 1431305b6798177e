"""A consumer batch's custody records and mentees, staged in memory (set-based): loaded for
everyone the batch names in one query each, read and saved by the handlers as usual, then
written with one INSERT and one UPDATE per table. Everything else is the repository's own."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from pathways.mentoring.adapters.orm import mentees, people
from pathways.mentoring.adapters.people import (
    PeopleRepository,
    record_from_row,
    record_values,
)
from pathways.mentoring.adapters.repository import MenteeRepository, mentee_values
from pathways.mentoring.domain import Mentee
from pathways.mentoring.domain.custody_record import CustodyRecord
from pathways.messaging.staged import StagedRows
from pathways.platform.statements import ids, locking, rows_in


class BatchPeople:
    """Custody records of the batch (a person not heard of yet: a new, unsaved record)."""

    def __init__(self, base: PeopleRepository) -> None:
        self.base, self.session = base, base.session
        self.staged = StagedRows(base.session, people, "person_id")

    async def load(self, person_ids: Collection[UUID]) -> None:
        self.staged.begin()
        query = rows_in(people, "person_id", order="person_id", locked=locking(self.session))
        for row in await self.session.execute(query, ids(person_ids)):
            self.staged.loaded(row.person_id, None, record_from_row(row))
        for person_id in person_ids:  # not heard of yet: inserted when saved
            self.staged.aggregates.setdefault(person_id, CustodyRecord(person_id))

    async def get(self, person_id: UUID) -> CustodyRecord:
        if not self.staged.has(person_id):
            record = await self.base.get(person_id)
            if record.is_new:
                self.staged.aggregates[person_id] = record
            else:
                self.staged.loaded(person_id, None, record)
        return self.staged.aggregates[person_id]

    async def save(self, record: CustodyRecord) -> None:
        self.staged.save(record.person_id, record_values(record), aggregate=record)
        record.is_new = False  # as a save does: a later event finds the person known

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


class BatchMentees:
    """Mentees of the batch's people and of the other side of their open matches."""

    def __init__(self, base: MenteeRepository) -> None:
        self.base, self.session = base, base.session
        self.staged = StagedRows(base.session, mentees, "person_id", base._versions)

    async def load(self, person_ids: Collection[UUID]) -> None:
        self.staged.begin()
        wanted = sorted(set(person_ids))
        query = rows_in(mentees, "person_id", order="person_id", locked=locking(self.session))
        for row in await self.session.execute(query, ids(wanted)):
            self.staged.loaded(row.person_id, row.version, self.base._load(row))
        for person_id in wanted:
            self.staged.absent(person_id)

    async def find(self, person_id: UUID) -> Mentee | None:
        if not self.staged.has(person_id):
            mentee = await self.base.find(person_id)
            if mentee is None:
                self.staged.absent(person_id)
            else:
                self.staged.loaded(person_id, self.base._versions.version(person_id), mentee)
        return self.staged.aggregates[person_id]

    async def save(self, mentee: Mentee) -> None:
        self.staged.save(mentee.person_id, mentee_values(mentee), aggregate=mentee)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)
