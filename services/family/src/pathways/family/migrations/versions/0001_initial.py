"""Family service tables: known people, family cases, follow-up plans and tasks.

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
        "known_people",
        sa.Column("person_id", sa.Uuid(), primary_key=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_event_type", sa.String(200), nullable=False),
    )
    op.create_table(
        "family_cases",
        sa.Column("case_id", sa.Uuid(), primary_key=True),
        sa.Column("person_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_family_cases_worker", "family_cases", ["worker"])
    op.create_table(
        "followup_plans",
        sa.Column("person_id", sa.Uuid(), primary_key=True),
        sa.Column("custody", sa.JSON(), nullable=False),
        sa.Column("case_link", sa.JSON()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "followup_tasks",
        sa.Column("task_id", sa.Uuid(), primary_key=True),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("completed_on", sa.Date()),
        sa.Column("outcome", sa.String(40)),
        sa.Column("cancel_reason", sa.String(100)),
    )
    op.create_index("ix_followup_tasks_person_id", "followup_tasks", ["person_id"])
    op.create_index(
        "ix_followup_tasks_owner_status_due", "followup_tasks", ["owner", "status", "due_on"]
    )
    op.create_index("ix_followup_tasks_status_due", "followup_tasks", ["status", "due_on"])


def downgrade() -> None:
    for table in ("followup_tasks", "followup_plans", "family_cases", "known_people"):
        op.drop_table(table)
    drop_kit_tables(op)
