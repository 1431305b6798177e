"""The consumer of intake's events (an idempotent batch consumer from the kit)."""

from __future__ import annotations

from pathways.mentoring.adapters.retention import RULES
from pathways.mentoring.service_layer.intake_events import HANDLERS
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.forgetting import RETENTION_APPLIED
from pathways.platform.retention import forget_handler


def intake_consumer(topic: str = "pathways.intake") -> EventConsumer:
    return EventConsumer(
        "mentoring",
        [topic],
        {**HANDLERS, RETENTION_APPLIED: forget_handler(RULES)},
        description=(
            "Keeps mentees and custody facts from intake: a referral joins the waiting cohort "
            "and starts a matching run for the prison; a release or transfer ends the "
            "person's matches and re-matches a departing mentor's mentees; an erasure under "
            "intake's retention policy forgets the person."
        ),
    )
