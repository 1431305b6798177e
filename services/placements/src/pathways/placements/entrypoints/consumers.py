"""The event consumer: intake's custody events and mentoring's qualifications."""

from __future__ import annotations

from pathways.messaging.consumer import EventConsumer
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.placements.adapters.retention import RULES
from pathways.placements.service_layer import consent
from pathways.placements.service_layer.event_handlers import HANDLERS
from pathways.placements.settings import Settings
from pathways.platform.retention import forget_handler


def make_consumer(settings: Settings) -> EventConsumer:
    return EventConsumer(
        "placements",
        [settings.intake_topic, settings.mentoring_topic],
        {**HANDLERS, **consent.HANDLERS, RETENTION_APPLIED: forget_handler(RULES)},
        description=(
            "Keeps qualified mentors' custody facts (release, ROTL) and opens placement "
            "referrals exactly once, whatever the order of the two topics; forgets a person "
            "intake erased under its retention policy."
        ),
    )
