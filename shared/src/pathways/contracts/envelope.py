"""The CloudEvents 1.0 envelope (structured JSON mode) every Pathways event travels in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

CONTENT_TYPE = "application/cloudevents+json"


def field_of(data: object, name: str) -> Any:
    """`getattr(data, name, None)` without pydantic's costly miss (its `__getattr__` raises
    and catches for a field the model lacks): a model keeps its fields in `__dict__`."""
    values = getattr(data, "__dict__", None)
    if values is not None and name in values:
        return values[name]
    if isinstance(data, BaseModel):
        return (data.__pydantic_extra__ or {}).get(name)
    return getattr(data, name, None)


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


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be an RFC 3339 date-time string")
    return value


def _with_offset_in_range(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("must have a UTC offset (Z or ±hh:mm)")
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None
    return moment


Rfc3339 = Annotated[datetime, BeforeValidator(_text_only), AfterValidator(_with_offset_in_range)]


class ReceivedCloudEvent(CloudEvent):
    """What a consumer accepts: the producer's own `id` (never a generated one), `specversion`
    exactly "1.0" and a `time` with its offset. The published schema stays `CloudEvent`."""

    specversion: Literal["1.0"]
    id: str = Field(min_length=1, max_length=128)  # the inbox keeps up to 128 characters
    source: str = Field(min_length=1, max_length=1000)
    type: str = Field(min_length=1, max_length=200)
    time: Rfc3339
