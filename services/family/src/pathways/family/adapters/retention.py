"""Family forgets a person when intake erases them (issue 15): their case (members,
consents, restrictions and contacts live in it), follow-up plan and tasks, and what it knew
of their custody."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from pathways.family.adapters.orm import family_cases, followup_plans, followup_tasks, known_people
from pathways.messaging.forgetting import delete_rows_of
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.retention import RetentionRules


async def forget(uow: UnitOfWork, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    columns = (
        followup_tasks.c.person_id,
        followup_plans.c.person_id,
        family_cases.c.person_id,
        known_people.c.person_id,
    )
    return await delete_rows_of(uow.session, columns, list(person_ids))


RULES = RetentionRules(forget=forget)
