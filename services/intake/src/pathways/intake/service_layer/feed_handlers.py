"""Applying the prison's movement feed: the consumer's handler (it must not commit).

The domain decides (`feed.decide`, see its docstring for why no message can cause a false or
double release); this handler loads the person by prison number, applies the decision, saves
and publishes. Should the aggregate still refuse a decision (a DomainError: state changed
under it), the error propagates: the kit retries the message alone and then dead-letters it
as `handler_failed` without an inbox row, so an operator's replay applies it afresh.
"""

from __future__ import annotations

import structlog

from pathways.intake.adapters.unit_of_work import IntakeUnitOfWork
from pathways.intake.domain.feed import Ignore, MovementMessage
from pathways.intake.domain.feed_apply import handle_movement
from pathways.intake.service_layer.contract_events import publish_changes
from pathways.messaging.incoming import Incoming
from pathways.platform.errors import DomainError

log = structlog.get_logger("pathways.intake.feed")
FEED_ACTOR = "hmpps-movement-feed"
CONSUMER_NAME = "intake"


class FeedDecisionRefused(RuntimeError):
    """The aggregate refused a feed decision; the text (kept in the dead letter) says why."""


async def on_movement(incoming: Incoming, uow: IntakeUnitOfWork) -> None:
    """Apply one movement message (the inbox has already dropped exact repeats)."""
    message: MovementMessage = incoming.data
    person = await uow.people.find_by_prison_number(message.noms_number)
    try:
        decision, changed = handle_movement(message, person)
    except DomainError as refused:
        log.warning("feed.refused", reason=message.reason, outcome="refused", code=refused.code)
        raise FeedDecisionRefused(f"{refused.code}: {refused.message}") from refused
    if isinstance(decision, Ignore) or changed is None:
        code = decision.reason_code.value if isinstance(decision, Ignore) else "no_change"
        log.info("feed.ignored", reason=message.reason, outcome="ignored", because=code)
        return
    await uow.people.save(changed)
    published = publish_changes(uow, changed)
    action = "create" if person is None else "update"
    await uow.audit(FEED_ACTOR, action, "person", changed.person_id)
    log.info(
        "feed.applied",
        reason=message.reason,
        outcome="applied",
        decision=type(decision).__name__,
        events=published,
    )
