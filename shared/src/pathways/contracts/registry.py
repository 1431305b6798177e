"""The catalogue of every public event type: type name → data model."""

from __future__ import annotations

from pathways.contracts import family, intake, mentoring, placements
from pathways.contracts.envelope import CloudEvent, EventData

ALL_EVENTS: tuple[type[EventData], ...] = (
    *intake.EVENTS,
    *mentoring.EVENTS,
    *family.EVENTS,
    *placements.EVENTS,
)
REGISTRY: dict[str, type[EventData]] = {cls.event_type: cls for cls in ALL_EVENTS}
PUBLIC_TOPICS: tuple[str, ...] = tuple(sorted({cls.topic() for cls in ALL_EVENTS}))
HMPPS_TOPIC = "hmpps.domain-events"


class UnknownEventType(LookupError):
    """The envelope names a type that is not in the contract."""


def model_for(event_type: str) -> type[EventData]:
    try:
        return REGISTRY[event_type]
    except KeyError:
        raise UnknownEventType(f"unknown event type {event_type!r}") from None


def parse_data(envelope: CloudEvent) -> EventData:
    """Validate the envelope's data against its type's model (pydantic ValidationError if not)."""
    return model_for(envelope.type).model_validate(envelope.data)


def dead_letter_topic(consumer: str) -> str:
    return f"pathways.{consumer}.dlq"
