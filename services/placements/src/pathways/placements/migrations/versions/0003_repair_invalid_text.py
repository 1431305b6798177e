"""Repair stored text that is not valid Unicode (lone surrogates, issue 11): before the API
refused them they could be stored and then broke every listing that read them back.

Revision ID: 0003_repair_invalid_text
Revises: 0002_outbox_parking
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.text_repair import repair_invalid_text

revision = "0003_repair_invalid_text"
down_revision = "0002_outbox_parking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    repair_invalid_text(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the replaced characters could never be sent or shown."""
