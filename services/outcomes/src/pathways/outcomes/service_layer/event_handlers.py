"""Applying contract events: each one is kept as a fact (idempotent by event id), and the
aggregates get the difference it makes to its people's ledgers, in the same transaction.
Nothing is refused for arriving early or late: a person's ledger is computed from all their
facts, so a late or out-of-order fact changes what it must (history included)."""

from __future__ import annotations

from datetime import UTC, datetime

from pathways.contracts import family, intake, mentoring, placements
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.messaging.incoming import Incoming
from pathways.outcomes.adapters.ledger_writer import change_facts
from pathways.outcomes.adapters.repository import fact_of
from pathways.outcomes.adapters.retention import RULES
from pathways.outcomes.adapters.unit_of_work import OutcomesUnitOfWork
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger_build import people_of
from pathways.platform.retention import forget_batch_handler

CONSUMED = (*intake.EVENTS, *mentoring.EVENTS, *family.EVENTS, *placements.EVENTS)


async def record_facts(run: list[Incoming], uow: OutcomesUnitOfWork) -> None:
    """A run of events of one type, stored in one multi-row insert (no commit here)."""
    now = datetime.now(UTC)
    new = {f.event_id: f for f in (fact_of(i, now) for i in run)}
    people = {p for fact in new.values() for p in people_of(fact)}

    async def insert(before: list[Fact]) -> list[Fact]:
        await uow.facts.add(run, now)
        known = {f.event_id for f in before}
        return before + [f for event_id, f in new.items() if event_id not in known]

    await change_facts(uow.session, people, insert)


# An erasure under intake's retention policy is not a fact: it deletes the person's facts.
BATCH_HANDLERS = {event.event_type: record_facts for event in CONSUMED}
BATCH_HANDLERS[RETENTION_APPLIED] = forget_batch_handler(RULES)
