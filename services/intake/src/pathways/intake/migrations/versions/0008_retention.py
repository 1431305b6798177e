"""Retention and erasure (issue 15): the kit's `forgotten_people` (ids of people forgotten
under the retention policy, so no replayed event brings them back) and the inbox's
`person_id` (so a forgotten person's inbox rows can be removed too).

Revision ID: 0008_retention
Revises: 0006_community_treatment
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_retention, drop_retention

revision = "0008_retention"
down_revision = "0006_community_treatment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_retention(op)


def downgrade() -> None:
    drop_retention(op)
