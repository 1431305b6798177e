"""Subject access requests (issue 15): the kit's `person_numbers` (each person's prison
number, from the contract events this service consumes), so a request by prison number finds
the person.

Revision ID: 0008_subject_access
Revises: 0007_retention
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_person_numbers, drop_person_numbers

revision = "0008_subject_access"
down_revision = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_person_numbers(op)


def downgrade() -> None:
    drop_person_numbers(op)
