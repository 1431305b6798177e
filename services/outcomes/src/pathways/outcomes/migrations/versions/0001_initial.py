"""The outcomes read model (facts, state) and the kit's tables.

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
        "facts",
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False, index=True),
        sa.Column("prison_code", sa.String(3), index=True),
        sa.Column("other_prison_code", sa.String(3), index=True),
        sa.Column("occurred_at", TZ, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    state = op.create_table(
        "read_model_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("rebuild_started_at", TZ),
        sa.Column("rebuild_targets", sa.JSON),
        sa.Column("rebuilt_at", TZ),
    )
    op.bulk_insert(state, [{"id": 1, "generation": 1}])


def downgrade() -> None:
    op.drop_table("read_model_state")
    op.drop_table("facts")
    drop_kit_tables(op)
