"""The kit's tables (outbox, inbox, dead letters, audit log) and intake's people.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pathways.platform.migrations import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables(op)
    op.create_table(
        "people",
        sa.Column("person_id", sa.Uuid(), primary_key=True),
        sa.Column("prison_number", sa.String(7), nullable=False),
        sa.Column("prison_code", sa.String(3), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("prison_number", name="uq_people_prison_number"),
    )
    op.create_index("ix_people_prison_status", "people", ["prison_code", "status"])


def downgrade() -> None:
    op.drop_index("ix_people_prison_status", table_name="people")
    op.drop_table("people")
    drop_kit_tables(op)
