"""Intake's subscriber: the prison's movement feed (intake consumes no Pathways topic)."""

from __future__ import annotations

from pathways.intake.domain.feed import MOVEMENT_EVENT_TYPES
from pathways.intake.entrypoints.feed_decoder import decode_feed_message
from pathways.intake.service_layer.feed_handlers import CONSUMER_NAME, on_movements
from pathways.messaging.consumer import EventConsumer


def movement_feed_consumer(topic: str) -> EventConsumer:
    """Consumer group `pathways.intake` on the feed; dead letters to `pathways.intake.dlq`.
    Set-based: each batch is applied by one call of `on_movements` (see feed_handlers)."""
    return EventConsumer(
        CONSUMER_NAME,
        [topic],
        {},
        decoder=decode_feed_message,
        batch_handlers={event_type: on_movements for event_type in sorted(MOVEMENT_EVENT_TYPES)},
        runs_across_types=True,  # receptions and releases interleave: one run per batch
        description=(
            "The ministry's prisoner received/released domain events (HMPPS). Receptions, "
            "transfers, returns from temporary absence and confirmed releases are applied to "
            "people intake knows (a reception creates an unknown person); other event types are "
            "skipped; unreadable messages go to pathways.intake.dlq."
        ),
    )
