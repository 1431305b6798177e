"""Consent to family work as intake last said it (issue 15): a case opens only with it.

Revision ID: 0004_consent_sharing
Revises: 0003_repair_invalid_text
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_consent_sharing"
down_revision = "0003_repair_invalid_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("known_people") as table:
        table.add_column(sa.Column("family_consent", sa.Boolean(), nullable=True))
        table.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("known_people") as table:
        table.drop_column("consent_at")
        table.drop_column("family_consent")
