"""Applying contract events: each one is kept as a fact (idempotent by event id). Nothing is
refused for arriving early or late: figures are computed from the facts at query time."""

from __future__ import annotations

from pathways.contracts import family, intake, mentoring, placements
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.messaging.incoming import Incoming
from pathways.outcomes.adapters.retention import RULES
from pathways.outcomes.adapters.unit_of_work import OutcomesUnitOfWork
from pathways.platform.retention import forget_batch_handler

CONSUMED = (*intake.EVENTS, *mentoring.EVENTS, *family.EVENTS, *placements.EVENTS)


async def record_facts(run: list[Incoming], uow: OutcomesUnitOfWork) -> None:
    """A run of events of one type, stored in one multi-row insert (no commit here)."""
    await uow.facts.add(run)


# An erasure under intake's retention policy is not a fact: it deletes the person's facts.
BATCH_HANDLERS = {event.event_type: record_facts for event in CONSUMED}
BATCH_HANDLERS[RETENTION_APPLIED] = forget_batch_handler(RULES)
