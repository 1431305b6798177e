"""Applying the prison's movement feed: the consumer's batch handler (it must not commit).

The domain decides (`feed.decide`, see its docstring for why no message can cause a false or
double release). A batch is applied set-based: every person it names is loaded in one query,
its messages are decided and applied in order (per person: in feed order) in memory, and the
people, their audit rows and their events are written with a few statements for the batch.
Should the aggregate refuse a decision (a DomainError: state changed under it), the error
propagates: the kit rolls the batch back and applies its messages one by one (a batch of
one, here), so only that message is retried and then dead-lettered as `handler_failed`
without an inbox row, and an operator's replay applies it afresh.
"""

from __future__ import annotations

import structlog

from pathways.intake.domain.feed import Ignore, MovementMessage
from pathways.intake.domain.feed_apply import handle_movement
from pathways.intake.service_layer.contract_events import publish_changes
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.messaging.incoming import Incoming
from pathways.messaging.work import AuditEntry
from pathways.platform.errors import DomainError

log = structlog.get_logger("pathways.intake.feed")
FEED_ACTOR = "hmpps-movement-feed"
CONSUMER_NAME = "intake"


class FeedDecisionRefused(RuntimeError):
    """The aggregate refused a feed decision; the text (kept in the dead letter) says why."""


async def on_movements(run: list[Incoming], uow: IntakeUnitOfWork) -> None:
    """Apply a run of movement messages (the inbox has already dropped exact repeats)."""
    batch = uow.people_batch()
    await batch.load(incoming.data.noms_number for incoming in run)
    audits: list[AuditEntry] = []
    ignored = published = 0
    for incoming in run:
        message: MovementMessage = incoming.data
        person = batch.get(message.noms_number)
        try:
            decision, changed = handle_movement(message, person)
        except DomainError as refused:
            log.warning("feed.refused", reason=message.reason, outcome="refused", code=refused.code)
            raise FeedDecisionRefused(f"{refused.code}: {refused.message}") from refused
        if isinstance(decision, Ignore) or changed is None:
            code = decision.reason_code.value if isinstance(decision, Ignore) else "no_change"
            log.debug("feed.ignored", reason=message.reason, outcome="ignored", because=code)
            ignored += 1
            continue
        batch.put(changed)
        published += publish_changes(uow, changed, caused_by=incoming)
        action = "create" if person is None else "update"
        correlation = incoming.correlation_id or incoming.event_id  # as the per-event audit
        audits.append(AuditEntry(action, "person", changed.person_id, correlation))
        log.debug("feed.applied", reason=message.reason, decision=type(decision).__name__)
    await batch.save()
    await uow.audit_all(FEED_ACTOR, audits)
    log.info(
        "feed.batch_applied",
        messages=len(run),
        applied=len(audits),
        ignored=ignored,
        events=published,
    )
