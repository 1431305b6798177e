"""Tables of the placements service. Aggregates keep their nested state in a JSON column next
to the indexed columns queries filter on; `version` guards against lost updates."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

metadata = MetaData()

providers = Table(
    "providers",
    metadata,
    Column("provider_id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("area", String(100), nullable=False, index=True),
    Column("address", String(500), nullable=False),
    Column("supervisor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

opportunities = Table(
    "opportunities",
    metadata,
    Column("opportunity_id", Uuid, primary_key=True),
    Column("provider_id", Uuid, ForeignKey("providers.provider_id"), nullable=False, index=True),
    Column("role_title", String(200), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("hours_per_week", Integer, nullable=False),
    Column("disclosure_level", String(20), nullable=False),
    Column("is_open", Boolean, nullable=False, index=True),
    # Places taken now; raised only by a guarded UPDATE so concurrent starts cannot overfill.
    Column("active_placements", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# What placements knows about a person (PersonState), fed by intake and mentoring events.
people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("is_qualified", Boolean, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("released_at", DateTime(timezone=True), index=True),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

referrals = Table(
    "referrals",
    metadata,
    Column("referral_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("trigger", String(20), nullable=False),
    # The automatic trigger occurrence (see domain/triggers.py); NULL for manual referrals.
    Column("trigger_key", String(100)),
    Column("status", String(20), nullable=False, index=True),
    Column("opened_on", Date, nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("person_id", "trigger_key", name="uq_referral_trigger"),
)

placements = Table(
    "placements",
    metadata,
    Column("placement_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("referral_id", Uuid, nullable=False, unique=True),
    Column("opportunity_id", Uuid, nullable=False, index=True),
    Column("provider_id", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("outcome_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("released_at", String(40), nullable=False),  # ISO time of the release it follows
    Column("weeks_after_release", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("recorded_on", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    UniqueConstraint(
        "person_id", "released_at", "weeks_after_release", name="uq_outcome_per_release"
    ),
)
