"""Parsing the ministry's movement messages (`hmpps.domain-events`) into `MovementMessage`.

Only the four received/released types are movements (`is_movement_event`); the topic carries
many other types, which the subscriber should skip without dead-lettering. A movement that
cannot be read raises `FeedMessageInvalid` (dead-letter it with `reason_code`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .values import PRISON_NUMBER_PATTERN

SEARCH_RECEIVED = "prisoner-offender-search.prisoner.received"
SEARCH_RELEASED = "prisoner-offender-search.prisoner.released"
EVENTS_RECEIVED = "prison-offender-events.prisoner.received"
EVENTS_RELEASED = "prison-offender-events.prisoner.released"
MOVEMENT_EVENT_TYPES = frozenset(
    {SEARCH_RECEIVED, SEARCH_RELEASED, EVENTS_RECEIVED, EVENTS_RELEASED}
)
CONFIRMED_EVENT_TYPES = frozenset({EVENTS_RECEIVED, EVENTS_RELEASED})  # 45 min delayed

_PRISON_ID = re.compile(r"^[A-Z0-9]{2,6}$")
_REASON = re.compile(r"^[A-Z][A-Z0-9_]*$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


class FeedMessageInvalid(Exception):
    """A movement message that cannot be read; `reason_code` is stable snake_case."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True, slots=True)
class MovementMessage:
    """One received/released message. `occurred_at`/`published_at` are UTC-aware."""

    event_type: str
    noms_number: str
    prison_id: str
    reason: str  # upper-case ministry value, e.g. RELEASED; unknown values are kept
    occurred_at: datetime
    published_at: datetime | None = None

    @property
    def is_received(self) -> bool:
        """True for the two `...prisoner.received` types."""
        return self.event_type in (SEARCH_RECEIVED, EVENTS_RECEIVED)

    @property
    def is_confirmed(self) -> bool:
        """True for the delayed `prison-offender-events.*` types (reversals suppressed)."""
        return self.event_type in CONFIRMED_EVENT_TYPES


def is_movement_event(raw: Mapping[str, Any]) -> bool:
    """True when `raw` is one of the four types intake reads."""
    return isinstance(raw, Mapping) and raw.get("eventType") in MOVEMENT_EVENT_TYPES


def parse_timestamp(raw: object, field_name: str) -> datetime:
    """ISO date-time with an offset (Z or ±hh:mm), up to nanoseconds; returned in UTC."""
    if not isinstance(raw, str) or not raw.strip():
        raise FeedMessageInvalid(f"missing_{field_name}", f"{field_name} is missing or empty")
    text = _FRACTION.sub(r"\1", raw.strip())
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FeedMessageInvalid(
            f"invalid_{field_name}", f"{field_name} {raw!r} is not an ISO date-time"
        ) from None
    if moment.tzinfo is None:
        raise FeedMessageInvalid(
            f"invalid_{field_name}", f"{field_name} {raw!r} has no timezone offset"
        )
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-05:00 is in the year 10000 in UTC
        raise FeedMessageInvalid(
            f"invalid_{field_name}", f"{field_name} {raw!r} is out of range in UTC"
        ) from None


def _noms_number(raw: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    from_info = info.get("nomsNumber")
    reference = raw.get("personReference")
    identifiers = reference.get("identifiers") if isinstance(reference, Mapping) else None
    if not isinstance(identifiers, list):
        identifiers = []
    from_reference = next(
        (i.get("value") for i in identifiers if isinstance(i, Mapping) and i.get("type") == "NOMS"),
        None,
    )
    for candidate in (from_info, from_reference):
        if candidate is not None and (
            not isinstance(candidate, str) or not PRISON_NUMBER_PATTERN.match(candidate)
        ):
            raise FeedMessageInvalid(
                "invalid_noms_number", f"NOMS number {candidate!r} must look like A1234BC"
            )
    if from_info and from_reference and from_info != from_reference:
        raise FeedMessageInvalid(
            "noms_number_mismatch",
            f"nomsNumber {from_info!r} differs from personReference NOMS {from_reference!r}",
        )
    number = from_info or from_reference
    if not number:
        raise FeedMessageInvalid("missing_noms_number", "no nomsNumber and no NOMS identifier")
    return number


def _code(info: Mapping[str, Any], key: str, pattern: re.Pattern[str], what: str) -> str:
    value = info.get(key)
    if value is None or value == "":
        raise FeedMessageInvalid(f"missing_{what}", f"additionalInformation.{key} is missing")
    if not isinstance(value, str) or not pattern.match(value):
        raise FeedMessageInvalid(
            f"invalid_{what}", f"additionalInformation.{key} {value!r} is not valid"
        )
    return value


def parse_movement_message(raw: Mapping[str, Any]) -> MovementMessage:
    """Translate a ministry message (decoded JSON) into a typed MovementMessage."""
    if not isinstance(raw, Mapping):
        raise FeedMessageInvalid("not_an_object", "the message is not a JSON object")
    event_type = raw.get("eventType")
    if event_type not in MOVEMENT_EVENT_TYPES:
        raise FeedMessageInvalid(
            "unsupported_event_type", f"eventType {event_type!r} is not a movement intake reads"
        )
    info = raw.get("additionalInformation")
    if not isinstance(info, Mapping):
        raise FeedMessageInvalid(
            "missing_additional_information", "additionalInformation is missing or not an object"
        )
    published = raw.get("publishedAt")
    return MovementMessage(
        event_type=event_type,
        noms_number=_noms_number(raw, info),
        prison_id=_code(info, "prisonId", _PRISON_ID, "prison_id"),
        reason=_code(info, "reason", _REASON, "reason"),
        occurred_at=parse_timestamp(raw.get("occurredAt"), "occurred_at"),
        published_at=parse_timestamp(published, "published_at") if published else None,
    )


def dedupe_key(message: MovementMessage) -> str:
    """Deterministic id for a message (the feed has none): sha256 of its identifying facts."""
    occurred = message.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    parts = (message.event_type, message.noms_number, message.prison_id, message.reason, occurred)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
