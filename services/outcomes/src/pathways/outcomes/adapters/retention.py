"""Outcomes forgets a person when intake erases them (issue 15) by deleting every fact about
them, and takes their ledger out of the aggregates in the same transaction (and the change
to the load of the mentors their matches named). Past periods' figures then no longer count
the person: that is what a rebuild would give too, since the kit's consumer skips a
forgotten person's events on replay (anonymised facts would make a rebuild differ). A fact
about someone else that names the person (a match where they were the mentor) keeps that
bare id and nothing else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from pathways.messaging.forgetting import delete_rows_of
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.outcomes.adapters.ledger_writer import change_facts
from pathways.outcomes.adapters.orm import facts
from pathways.outcomes.adapters.repository import FactStore
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger_build import people_of
from pathways.outcomes.domain.ledger_person import subject_of
from pathways.platform.retention import RetentionRules


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    wanted = {UUID(str(p)) for p in person_ids}
    store = FactStore(uow.session)
    theirs = await store.of_people(wanted)
    gone = {f.event_id for f in theirs if subject_of(f.data) in wanted}
    people = wanted | {p for f in theirs if f.event_id in gone for p in people_of(f)}
    counts: Counter[str] = Counter()

    async def delete(before: list[Fact]) -> list[Fact]:
        ids = sorted(map(str, wanted))
        counts.update(await delete_rows_of(uow.session, (facts.c.person_id,), ids))
        await store.unname(ids)
        return [f for f in before if f.event_id not in gone]

    await change_facts(uow.session, people, delete)
    return counts


RULES = RetentionRules(forget=forget)
