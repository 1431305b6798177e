"""The outbox's parked state: a row the broker refuses for good is set aside, not retried.

Revision ID: 0002_outbox_parking
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_outbox_parking, drop_outbox_parking

revision = "0002_outbox_parking"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_parking(op)


def downgrade() -> None:
    drop_outbox_parking(op)
