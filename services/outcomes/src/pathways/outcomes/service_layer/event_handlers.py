"""Applying contract events: each one is kept as a fact (idempotent by event id), and the
aggregates get the difference it makes to its people's ledgers, in the same transaction.
Nothing is refused for arriving early or late: a person's ledger is computed from all their
facts, so a late or out-of-order fact changes what it must (history included). The
consumer's handler table (with intake's erasures, which delete facts) is wired in
`entrypoints/consumers.py`."""

from __future__ import annotations

from datetime import UTC, datetime

from pathways.contracts import family, intake, mentoring, placements
from pathways.messaging.incoming import Incoming
from pathways.outcomes.domain.facts import Fact
from pathways.outcomes.domain.ledger import LEDGER_VERSION
from pathways.outcomes.domain.ledger_build import changes, people_of
from pathways.outcomes.domain.ledger_memo import LedgerMemo
from pathways.outcomes.service_layer.unit_of_work import OutcomesWork

# This process's latest ledgers: a cache of a pure function, which any task may share.
LEDGERS = LedgerMemo()
CONSUMED = (*intake.EVENTS, *mentoring.EVENTS, *family.EVENTS, *placements.EVENTS)


def fact_of(incoming: Incoming, now: datetime) -> Fact:
    moment = incoming.occurred_at or now
    return Fact(incoming.event_id, moment if moment.tzinfo else moment.replace(tzinfo=UTC),
                incoming.data)  # fmt: skip


async def record_facts(run: list[Incoming], uow: OutcomesWork) -> None:
    """A run of events (any types but an erasure: one run a batch), stored in one multi-row
    insert (no commit here): lock the people it touches, read their facts, store the new
    ones and, once the aggregates are built, add each person's ledger after minus before."""
    now = datetime.now(UTC)
    new = {f.event_id: f for f in (fact_of(i, now) for i in run)}
    people = {p for fact in new.values() for p in people_of(fact)}
    await uow.lock_people(people)
    before = await uow.facts.of_people(people)
    await uow.facts.add(run, now)
    known = {f.event_id for f in before}
    after = before + [f for event_id, f in new.items() if event_id not in known]
    # read after the write: a rebuild may just have ended
    if (await uow.state.get()).aggregates_version == LEDGER_VERSION:
        await uow.aggregates.add(changes(people, before, after, LEDGERS))
