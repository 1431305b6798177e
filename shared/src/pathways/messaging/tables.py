"""The kit's own tables, created in every service's database by its first migration."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

kit_metadata = MetaData()
_id = BigInteger().with_variant(Integer, "sqlite")

# Transactional outbox: written in the change's own transaction, published by the relay.
outbox = Table(
    "outbox",
    kit_metadata,
    Column("id", _id, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("topic", String(249), nullable=False),
    Column("key", String(200)),
    Column("payload", LargeBinary, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    # Parked: the broker refused it for good (too large, invalid topic); skipped, kept for
    # an operator. Added by each service's revision 0002_outbox_parking.
    Column("parked_at", DateTime(timezone=True)),
    Column("park_reason", Text),
    # W3C traceparent of the span that wrote the row: the relay publishes in that trace.
    # Added by each service's revision 0005/0006_outbox_traceparent.
    Column("traceparent", String(128)),
)
Index(
    "ix_outbox_unpublished",
    outbox.c.id,
    sqlite_where=outbox.c.published_at.is_(None),
    postgresql_where=outbox.c.published_at.is_(None),
)

# Inbox: one row per (consumer, event id) applied; a redelivery finds its row and stops.
inbox = Table(
    "inbox",
    kit_metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", String(128), primary_key=True),
    Column("event_type", String(200), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
    # The person the event was about (its key), so retention can forget their rows; null for
    # events about no person (the movement feed). Added by each service's retention revision.
    Column("person_id", String(36)),
)
Index("ix_inbox_person", inbox.c.person_id)
Index("ix_inbox_processed_at", inbox.c.processed_at)

# Dead letters: what a consumer could not apply, kept for the admin API (list/replay/purge).
dead_letters = Table(
    "dead_letters",
    kit_metadata,
    Column("id", _id, primary_key=True, autoincrement=True),
    Column("consumer", String(100), nullable=False),
    Column("topic", String(249), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("key", String(200)),
    Column("payload", LargeBinary, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("error", Text, nullable=False),
    Column("event_type", String(200)),
    Column("event_id", String(128)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),
    # Replays by the consumer itself (admin API): how many, the last one's time and outcome.
    # Added by each service's revision <n>_dead_letter_replays.
    Column("replay_attempts", Integer, nullable=False, server_default="0"),
    Column("replayed_at", DateTime(timezone=True)),
    Column("replay_outcome", String(20)),
    UniqueConstraint("consumer", "topic", "partition", "offset", name="uq_dead_letter_origin"),
)

# Audit trail: who read or changed which person's data, when, under which correlation id.
audit_log = Table(
    "audit_log",
    kit_metadata,
    Column("id", _id, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("resource", String(128), nullable=False),
    Column("subject_id", String(100)),
    Column("correlation_id", String(100)),
    # Why: the X-Purpose header, or the route (`GET /people/{person_id}`); null for events.
    Column("why", String(200)),
)
Index("ix_audit_subject", audit_log.c.subject_id)
Index("ix_audit_at", audit_log.c.at)

# Each person's prison (in custody there, or released from it last), from intake's custody
# events: the caseload check of every service that does not keep it itself.
person_prisons = Table(
    "person_prisons",
    kit_metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_code", String(3), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# People forgotten under the retention policy: only their id and when. A consumer skips
# every later event about them (a replay, a rebuild, a late delivery) so nothing comes back.
forgotten_people = Table(
    "forgotten_people",
    kit_metadata,
    Column("person_id", String(36), primary_key=True),
    Column("forgotten_at", DateTime(timezone=True), nullable=False),
)

# Each person's prison number, from the contract events that carry it (received, released):
# how a subject access request (keyed by prison number) finds the person in any service.
person_numbers = Table(
    "person_numbers",
    kit_metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_number", String(7), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
