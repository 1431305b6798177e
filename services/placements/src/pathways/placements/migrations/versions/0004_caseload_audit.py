"""Caseload access and a readable audit (issue 15): the audit log's `why` (the purpose a
request gave, or its route), an index to query it by time, and the kit's `person_prisons`
(each person's prison, from the custody events this service consumes).

Revision ID: 0004_caseload_audit
Revises: 0003_repair_invalid_text
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_audit_why_and_prisons, drop_audit_why_and_prisons

revision = "0004_caseload_audit"
down_revision = "0003_repair_invalid_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_why_and_prisons(op)


def downgrade() -> None:
    drop_audit_why_and_prisons(op)
