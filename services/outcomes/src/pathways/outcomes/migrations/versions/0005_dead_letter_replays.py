"""Dead letters replayed by the consumer that refused them (issue 17): how many replays,
the last one's time and outcome.

Revision ID: 0005_dead_letter_replays
Revises: 0004_caseload_audit
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_dead_letter_replays, drop_dead_letter_replays

revision = "0005_dead_letter_replays"
down_revision = "0004_caseload_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_dead_letter_replays(op)


def downgrade() -> None:
    drop_dead_letter_replays(op)
