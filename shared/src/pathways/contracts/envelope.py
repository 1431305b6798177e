"""The CloudEvents 1.0 envelope (structured JSON mode) every Pathways event travels in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

CONTENT_TYPE = "application/cloudevents+json"


class EventData(BaseModel):
    """Base of every event's `data`. Subclasses declare the type, the topic and the key field."""

    model_config = ConfigDict(extra="allow", frozen=True)

    event_type: ClassVar[str]
    key_field: ClassVar[str] = "person_id"

    @classmethod
    def topic(cls) -> str:
        """The public topic: `pathways.<owning service>` (the type's first segment)."""
        return f"pathways.{cls.event_type.split('.', 1)[0]}"

    def key(self) -> str:
        """The Kafka key (a person id), so one person's events stay in order."""
        return str(getattr(self, self.key_field))


class CloudEvent(BaseModel):
    """CloudEvents 1.0 attributes plus Pathways' correlation and causation ids."""

    model_config = ConfigDict(extra="allow")

    specversion: str = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()), min_length=1)
    source: str = Field(min_length=1)
    type: str = Field(min_length=1)
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    datacontenttype: str = "application/json"
    correlationid: str | None = None
    causationid: str | None = None
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        data: EventData,
        *,
        source: str,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> CloudEvent:
        """Put `data` in an envelope with a fresh id; the subject is the partition key."""
        return cls(
            source=source,
            type=data.event_type,
            subject=data.key(),
            correlationid=correlation_id,
            causationid=causation_id,
            data=data.model_dump(mode="json"),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()
