"""The placements tables and the kit's tables (outbox, inbox, dead letters, audit log).

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pathways.platform.migrations import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    create_kit_tables(op)
    op.create_table(
        "providers",
        sa.Column("provider_id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("area", sa.String(100), nullable=False, index=True),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("supervisor", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "opportunities",
        sa.Column("opportunity_id", sa.Uuid, primary_key=True),
        sa.Column(
            "provider_id",
            sa.Uuid,
            sa.ForeignKey("providers.provider_id"),
            nullable=False,
            index=True,
        ),
        sa.Column("role_title", sa.String(200), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("hours_per_week", sa.Integer, nullable=False),
        sa.Column("disclosure_level", sa.String(20), nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False, index=True),
        sa.Column("active_placements", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("person_id", sa.Uuid, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("is_qualified", sa.Boolean, nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("released_at", TZ, index=True),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "referrals",
        sa.Column("referral_id", sa.Uuid, primary_key=True),
        sa.Column("person_id", sa.Uuid, nullable=False, index=True),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("trigger_key", sa.String(100)),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("person_id", "trigger_key", name="uq_referral_trigger"),
    )
    op.create_table(
        "placements",
        sa.Column("placement_id", sa.Uuid, primary_key=True),
        sa.Column("person_id", sa.Uuid, nullable=False, index=True),
        sa.Column("referral_id", sa.Uuid, nullable=False, unique=True),
        sa.Column("opportunity_id", sa.Uuid, nullable=False, index=True),
        sa.Column("provider_id", sa.Uuid, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
    )
    op.create_table(
        "outcomes",
        sa.Column("outcome_id", sa.Uuid, primary_key=True),
        sa.Column("person_id", sa.Uuid, nullable=False, index=True),
        sa.Column("released_at", sa.String(40), nullable=False),
        sa.Column("weeks_after_release", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.UniqueConstraint(
            "person_id", "released_at", "weeks_after_release", name="uq_outcome_per_release"
        ),
    )


def downgrade() -> None:
    for table in ("outcomes", "placements", "referrals", "people", "opportunities", "providers"):
        op.drop_table(table)
    drop_kit_tables(op)
