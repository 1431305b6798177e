"""Which publish failures are the broker's final word on a message itself (retrying cannot
change them: too large, invalid topic name, corrupt record) and which only mean "not now"
or a service-wide fault an operator fixes (unreachable broker, authorisation, versions)."""

from __future__ import annotations

from aiokafka.errors import (
    CorruptRecordException,
    InvalidTimestampError,
    InvalidTopicError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

# An explicit list: Kafka's own `retriable` flag is False for service-wide faults too (e.g.
# BrokerNotAvailable, TopicAuthorizationFailed), and parking every message for those would
# lose the outbox's order for nothing.
_REFUSALS = (
    MessageSizeTooLargeError,
    RecordTooLargeError,
    RecordListTooLargeError,
    InvalidTopicError,
    CorruptRecordException,
    InvalidTimestampError,
)


def refused_for_good(error: BaseException) -> bool:
    """True for a refusal of this one message, which retrying cannot change."""
    return isinstance(error, _REFUSALS)
