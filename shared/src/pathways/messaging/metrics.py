"""Prometheus metrics of the messaging kit (served by the chassis at /metrics)."""

from collections.abc import Sequence
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

EVENTS_CONSUMED = Counter(
    "pathways_events_consumed_total",
    "Events a consumer took off Kafka, by outcome (applied, duplicate, skipped, dead_lettered).",
    ["consumer", "event_type", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "pathways_events_published_total", "Events the outbox relay published.", ["topic"]
)
PUBLISH_FAILURES = Counter(
    "pathways_outbox_publish_failures_total", "Relay passes that failed to publish.", []
)
HANDLER_FAILURES = Counter(
    "pathways_handler_failures_total",
    "Handler attempts that raised (each retry counts).",
    ["consumer", "event_type"],
)
BATCH_SECONDS = Histogram(
    "pathways_batch_seconds",
    "Time to apply one consumed batch (decode, handlers, commit).",
    ["consumer"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge("pathways_outbox_backlog", "Outbox rows not yet published.")
EVENTS_PARKED = Counter(
    "pathways_outbox_rows_parked_total",
    "Outbox rows the broker refused for good, parked.",
    ["topic"],
)
OUTBOX_PARKED = Gauge(
    "pathways_outbox_parked", "Parked outbox rows waiting for an operator (alert when > 0)."
)
OUTBOX_OLDEST_SECONDS = Gauge(
    "pathways_outbox_oldest_unpublished_seconds",
    "Age of the oldest outbox row waiting to be published (0 when none).",
)
DEAD_LETTERS = Gauge(
    "pathways_dead_letters", "Dead letters waiting for an operator (status new).", ["consumer"]
)
CONSUMER_LAG = Gauge(
    "pathways_consumer_lag",
    "Messages behind the end of the partition after the last batch.",
    ["consumer", "topic", "partition"],
)


def record_lag(consumer_name: str, msg: Any, records: Sequence[Any]) -> None:
    """How far behind each partition's end the batch left the consumer (when known)."""
    consumer = getattr(msg, "consumer", None)
    highwater = getattr(consumer, "highwater", None)
    if highwater is None:
        return
    last: dict[Any, int] = {}
    for record in records:
        last[(record.topic, record.partition)] = record.offset
    from aiokafka import TopicPartition

    for (topic, partition), offset in last.items():
        end = highwater(TopicPartition(topic, partition))
        if end is not None:
            CONSUMER_LAG.labels(consumer_name, topic, str(partition)).set(max(0, end - offset - 1))
