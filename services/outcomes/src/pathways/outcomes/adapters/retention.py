"""Outcomes forgets a person when intake erases them (issue 15) by deleting every fact about
them. The figures are computed from the facts at query time, so past periods' figures no
longer count the person: that is what a rebuild would give too, since the kit's consumer
skips a forgotten person's events on replay (anonymised facts would make a rebuild differ).
A fact about someone else that names the person (a match where they were the mentor) keeps
that bare id and nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from pathways.messaging.forgetting import delete_rows_of
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.outcomes.adapters.orm import facts
from pathways.platform.retention import RetentionRules


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    return await delete_rows_of(uow.session, (facts.c.person_id,), [str(p) for p in person_ids])


RULES = RetentionRules(forget=forget)
