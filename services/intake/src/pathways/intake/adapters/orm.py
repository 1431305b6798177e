"""Database tables of the intake service (SQLAlchemy 2 Core).

One row per person: the aggregate's nested state in a JSON column, next to the indexed
columns the API searches on, and a version for optimistic concurrency.
"""

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
    UniqueConstraint,
    Uuid,
)

metadata = MetaData()

people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_number", String(7), nullable=False, unique=True),
    Column("prison_code", String(3), nullable=False),
    Column("status", String(30), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_people_prison_status", people.c.prison_code, people.c.status)

# Community treatment (issue 16): providers per local authority area (reference data) and
# one handover per person and custody period (keyed by that period's reception).
treatment_providers = Table(
    "treatment_providers",
    metadata,
    Column("provider_code", String(20), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("local_authority", String(100), nullable=False),
    Column("local_authority_key", String(100), nullable=False),  # case-folded, for lookups
    Column("active", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_treatment_providers_area", treatment_providers.c.local_authority_key)

treatment_handovers = Table(
    "treatment_handovers",
    metadata,
    Column("handover_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False),
    Column("period_started_at", DateTime(timezone=True), nullable=False),
    Column("prison_code", String(3), nullable=False),
    Column("provider_code", String(20), nullable=False),
    Column("referred_on", Date, nullable=False),
    Column("appointment_on", Date),
    Column("status", String(20), nullable=False),
    Column("outcome", String(20)),
    Column("outcome_on", Date),
    Column("attended_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("person_id", "period_started_at", name="uq_treatment_handover_period"),
)
Index("ix_treatment_handovers_prison", treatment_handovers.c.prison_code)
