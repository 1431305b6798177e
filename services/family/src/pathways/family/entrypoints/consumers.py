"""The family service's consumer of intake's custody events."""

from __future__ import annotations

from pathways.contracts.intake import ReleaseScheduled
from pathways.family.adapters.retention import RULES
from pathways.family.service_layer import consent
from pathways.family.service_layer.custody import HANDLERS
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.platform.retention import forget_handler

INTAKE_TOPIC = ReleaseScheduled.topic()


def intake_consumer(topic: str = INTAKE_TOPIC) -> EventConsumer:
    """Consumer group `pathways.family` on `pathways.intake` (dead letters:
    `pathways.family.dlq`); a bench or test may point it at another topic."""
    return EventConsumer(
        "family",
        [topic],
        {**HANDLERS, **consent.HANDLERS, RETENTION_APPLIED: forget_handler(RULES)},
        description=(
            "Custody events from intake: people received (known people, new custody periods), "
            "releases scheduled, releases and transfers, which drive each person's follow-up plan; "
            "consent to family work from referrals and consent changes; erasures under "
            "intake's retention policy."
        ),
    )
