"""The read model's tables: every contract event as a fact (indexed by person and prison),
and one row of state (the consumer generation and a rebuild in progress)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table

metadata = MetaData()
TZ = DateTime(timezone=True)

facts = Table(
    "facts",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("event_type", String(100), nullable=False),
    # The person the event is about (the mentee for match and session events).
    Column("person_id", String(36), nullable=False, index=True),
    # The mentor a match event names (their load counts it; revision 0009).
    Column("other_person_id", String(36), index=True),
    # Prisons the event names (a transfer names two): used to pick one prison's people.
    Column("prison_code", String(3), index=True),
    Column("other_prison_code", String(3), index=True),
    Column("occurred_at", TZ, nullable=False),
    Column("recorded_at", TZ, nullable=False),
    Column("data", JSON, nullable=False),
)

read_model_state = Table(
    "read_model_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("rebuild_started_at", TZ),
    Column("rebuild_targets", JSON),  # {"topic/partition": end offset} when the rebuild began
    Column("rebuilt_at", TZ),
    # The ledger version the aggregate tables were built with (None: not built; 0009).
    Column("aggregates_version", Integer),
)
