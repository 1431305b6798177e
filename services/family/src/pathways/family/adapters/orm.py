"""Tables of the family service. Aggregates keep their nested state in JSON columns beside
the indexed columns the API queries on; follow-up tasks are rows of their own (task lists)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
)

metadata = MetaData()

# People intake has told us about (`intake.person.*` events): a case needs a known person.
known_people = Table(
    "known_people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("first_event_type", String(200), nullable=False),
    # consent to family work as intake last said (null: intake has said nothing)
    Column("family_consent", Boolean),
    Column("consent_at", DateTime(timezone=True)),
)

# One family case per person; members, consents, flags, restrictions, contacts in `state`.
family_cases = Table(
    "family_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, unique=True),
    Column("worker", String(200), nullable=False, index=True),
    Column("opened_on", Date, nullable=False),
    Column("state", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One follow-up plan per person: custody facts and the case link (tasks in their own table).
followup_plans = Table(
    "followup_plans",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("custody", JSON, nullable=False),
    Column("case_link", JSON),
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

followup_tasks = Table(
    "followup_tasks",
    metadata,
    Column("task_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("case_id", Uuid, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("period", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("completed_on", Date),
    Column("outcome", String(40)),
    Column("cancel_reason", String(100)),
)
Index(
    "ix_followup_tasks_owner_status_due",
    followup_tasks.c.owner,
    followup_tasks.c.status,
    followup_tasks.c.due_on,
)
Index("ix_followup_tasks_status_due", followup_tasks.c.status, followup_tasks.c.due_on)
