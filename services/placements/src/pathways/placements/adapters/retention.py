"""Placements forgets a person when intake erases them (issue 15): their custody facts,
referrals, placements and recorded outcomes. Providers and opportunities are no one's
personal data and stay."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from pathways.messaging.forgetting import delete_rows_of
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.placements.adapters.orm import outcomes, people, placements, referrals
from pathways.platform.retention import RetentionRules


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    columns = (outcomes.c.person_id, placements.c.person_id, referrals.c.person_id)
    return await delete_rows_of(uow.session, (*columns, people.c.person_id), list(person_ids))


RULES = RetentionRules(forget=forget)
