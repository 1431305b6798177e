"""Training cohorts with a start date; people and mentees stranded as "transferred".

A transfer now means "in custody at the new prison" (no reception follows it), so rows
written before that — people `transferred`, mentees `transferred` — are in custody and
waiting there.

Revision ID: 0004_cohorts_and_custody
Revises: 0003_repair_invalid_text
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_cohorts_and_custody"
down_revision = "0003_repair_invalid_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("cohort_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prison_code", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("cohort_id"),
    )
    op.create_index("ix_cohorts_prison_code", "cohorts", ["prison_code"])
    op.execute("UPDATE people SET custody = 'in_custody' WHERE custody = 'transferred'")
    op.execute("UPDATE mentees SET status = 'waiting' WHERE status = 'transferred'")


def downgrade() -> None:
    op.drop_index("ix_cohorts_prison_code", table_name="cohorts")
    op.drop_table("cohorts")
